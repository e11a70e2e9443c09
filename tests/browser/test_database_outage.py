"""A parent who sends the form while the database is down gets the outage page, and going Back
finds everything they typed still there, so they can send it again later.

The form page is the live site's. The answer to the POST is the site's own outage page for
that form (rendered in a thread whose database refuses connections,
tests/reliability/outages.py), handed to the browser in place of the live server's answer:
the live server's database cannot be taken away from under the test. What is tested is what
the browser does with our pages: the form's headers and markup must let it restore the
answers on Back.

One exception, by the HTML standard: a field marked `autocomplete="off"` is emptied when the
visitor comes back to the page (today the child's first name, the date parts, and on the
professional form the family's contact details). Those are listed, not asserted.
"""

import pytest

from tests.reliability.outages import with_database_refusing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ANSWERS = ", ".join(
    f"{kind}:not([tabindex='-1']):not([autocomplete=off])"
    for kind in (
        "input[type=text]",
        "input[type=email]",
        "input[type=tel]",
        "textarea",
        "input[type=checkbox]",
        "input[type=radio]",
    )
)


def typed_answers(page):
    """Every answer on the page, as (field, answer): the text typed, which boxes are ticked."""
    return [
        tuple(pair)
        for pair in page.page.locator(ANSWERS).evaluate_all(
            """els => els.map(el => (el.type === 'checkbox' || el.type === 'radio')
                ? [el.name + '=' + el.value, el.checked] : [el.name, el.value])"""
        )
    ]


def open_first_form(page):
    """Past a start page ("Start now"), if the form has one, to its first form."""
    p = page.page
    if p.locator("form.intake-form").count() == 0:
        with p.expect_navigation():
            p.locator("a.button--start").first.click()
        p.wait_for_load_state("load")
    assert p.locator("form.intake-form").count() == 1
    return page


def type_answers(page):
    """Answer every question on the page (what is typed does not matter: nothing is saved)."""
    p = page.page
    fields = p.locator(
        "form.intake-form :is(input[type=text], input[type=email], input[type=tel], textarea)"
        ":visible:not([tabindex='-1'])"
    )
    for n, field in enumerate(fields.all()):
        field.fill(f"{n + 1}" if field.get_attribute("inputmode") == "numeric" else f"Answer {n}")
    for box in p.locator("form.intake-form input[type=checkbox]:visible").all():
        box.check()
    names = p.locator("form.intake-form input[type=radio]:visible").evaluate_all(
        "els => [...new Set(els.map(el => el.name))]"
    )
    for name in names:
        p.locator(f"form.intake-form input[type=radio][name='{name}']:visible").first.check()


def test_after_the_outage_page_back_shows_everything_the_parent_typed(open_page, site_data):
    start = site_data["forms"]["refer"].get_url()
    page = open_first_form(open_page(start))
    path = page.path
    outage = with_database_refusing(lambda client: client.post(path, {"contact_name": "x"}))
    assert outage.status_code == 503

    page.page.route(
        "**/*",
        lambda route: (
            route.fulfill(
                status=503,
                headers={"Content-Type": outage["Content-Type"], "Retry-After": "120"},
                body=outage.content,
            )
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    type_answers(page)
    typed = typed_answers(page)
    assert any(value for _, value in typed)

    with page.page.expect_navigation() as sent:
        page.page.locator("form.intake-form button[type=submit]").click()
    assert sent.value.status == 503
    assert "has not been saved" in page.page.content()
    page.screenshot("database-outage")

    page.page.go_back()
    page.page.wait_for_load_state()
    assert page.path == path
    after = dict(typed_answers(page))
    lost = [name for name, value in typed if after.get(name) != value]
    assert lost == [], f"lost on Back: {lost}"
