"""After "Leave this site quickly", the browser's Back button shows no answer the parent typed.

The server forgets the answers in progress (/leave/), but a browser keeps its own copy of a
page's form: the whole page in the back/forward cache, or the values of its fields, which it
puts back into the page when Back fetches it again. Whoever picks up the device after the
parent has left must find every question page empty, with or without JavaScript, whether the
parent left with the link or by pressing Shift three times.

The browser runs with its back/forward cache on, as everyday browsers do (Playwright turns it
off by default). Without leaving, Back still gives back what was typed, as the parent needs
after the outage page (test_database_outage.py holds that).
"""

import pytest

from .availability import CHROMIUM, CHROMIUM_ARGS
from .journeys import SELF_ANSWERS, answer_page, input_for, start, submit
from .neutral_site import NEUTRAL_SITE, serve_neutral_site_locally

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ABOUT_YOU, YOUR_CHILD = list(SELF_ANSWERS)[:2]
ENQUIRY_ANSWERS = [
    ("type", "name", "Sam Example"),
    ("type", "email", "sam@example.com"),
    ("tick", "safe_contact", "email"),
    ("choose", "preferred_contact", "email"),
    ("type", "question", "Can my partner come to the sessions too?"),
]
# (JavaScript on, how the parent leaves)
WAYS_OUT = [(False, "link"), (True, "link"), (True, "shift")]
WAY_IDS = ["without-js-link", "with-js-link", "with-js-shift"]


@pytest.fixture(scope="module")
def chromium(playwright_driver):
    """Chromium with its back/forward cache, as a parent's browser has it."""
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield browser
    browser.close()


def form_values(page):
    """Every answer in the page's forms: each text box's text, each ticked box or button."""
    return page.page.evaluate(
        """() => [...document.querySelectorAll('form input, form textarea, form select')]
            .filter((el) => !['hidden', 'submit', 'button'].includes(el.type))
            .map((el) => [el.name, (el.type === 'checkbox' || el.type === 'radio')
                ? (el.checked ? el.value : '') : el.value])
            .filter(([, value]) => value !== '')"""
    )


def field_count(page):
    return page.page.locator("form.intake-form :is(input, textarea):not([type=hidden])").count()


def leave(page, how):
    if how == "shift":
        page.page.locator("[name]:not([type=hidden])").first.focus()
        for _ in range(3):
            page.page.keyboard.press("Shift")
    else:
        page.page.get_by_role("link", name="Emergency: Leave this site quickly").click()
    page.page.wait_for_url(f"{NEUTRAL_SITE}**")
    page.page.wait_for_load_state("networkidle")  # the beacon, with JavaScript


def wait_until_complete(page, tries=300):
    """Wait for the document to be complete. Playwright's load state is not told of a page
    restored from the back/forward cache, and its wait_for_function evaluates a string, which
    the site's CSP forbids."""
    for _ in range(tries):
        if page.page.evaluate("() => document.readyState") == "complete":
            return
        page.page.wait_for_timeout(50)
    raise AssertionError(f"{page.page.url} never finished loading")


def back_through_history(page, steps=4):
    """Press Back `steps` times (or until there is no page before); for every page of the
    site passed on the way, (its path, how many fields its form has, the answers in them)."""
    seen = []
    for _ in range(steps):
        before = page.page.url
        # A page restored from the back/forward cache gives no response and fires no load
        # event for Playwright: wait for the navigation to commit, then for the document.
        response = page.page.go_back(wait_until="commit")
        if page.page.url == before:
            break
        wait_until_complete(page)
        if page.page.url.startswith(page.base_url):
            how = "fetched again" if response else "from the back/forward cache"
            seen.append((f"{page.path} ({how})", field_count(page), form_values(page)))
    return seen


@pytest.fixture
def referral_path(site_data):
    return site_data["forms"]["refer"].get_url()


@pytest.mark.parametrize(("java_script_enabled", "how"), WAYS_OUT, ids=WAY_IDS)
def test_back_after_leaving_shows_neither_answers_sent_nor_answers_only_typed(
    open_page, referral_path, java_script_enabled, how
):
    """About you answered and sent, Your child typed but not sent; then the parent leaves."""
    path = referral_path
    page = open_page("/", java_script_enabled=java_script_enabled)
    serve_neutral_site_locally(page.page.context)
    start(page, path)
    answer_page(page, SELF_ANSWERS[ABOUT_YOU])
    submit(page)
    assert page.path == f"{path}{YOUR_CHILD}/"
    answer_page(page, SELF_ANSWERS[YOUR_CHILD])
    assert input_for(page, "child_first_name").input_value()

    leave(page, how)
    seen = back_through_history(page)

    question_pages = [entry for entry in seen if entry[0].startswith(f"{path}{ABOUT_YOU}/ ")]
    assert question_pages, f"Back never reached About you: {seen}"
    assert all(fields for _path, fields, _values in question_pages), seen
    shown = [(where, values) for where, _fields, values in seen if values]
    assert shown == [], f"Back shows what the parent typed: {shown}"


@pytest.mark.parametrize(("java_script_enabled", "how"), WAYS_OUT, ids=WAY_IDS)
def test_back_after_leaving_shows_no_answer_typed_on_the_first_question_page(
    open_page, referral_path, java_script_enabled, how
):
    """About you typed but not sent; then the parent leaves."""
    path = referral_path
    page = open_page("/", java_script_enabled=java_script_enabled)
    serve_neutral_site_locally(page.page.context)
    start(page, path)
    answer_page(page, SELF_ANSWERS[ABOUT_YOU])

    leave(page, how)
    seen = back_through_history(page)

    if not java_script_enabled:  # (the script's exit replaces the page it leaves in the history)
        about_you = [
            fields for where, fields, _ in seen if where.startswith(f"{path}{ABOUT_YOU}/ ")
        ]
        assert about_you and all(about_you), f"Back never reached About you's form: {seen}"
    shown = [(where, values) for where, _fields, values in seen if values]
    assert shown == [], f"Back shows what the parent typed: {shown}"


@pytest.mark.parametrize(("java_script_enabled", "how"), WAYS_OUT, ids=WAY_IDS)
def test_back_after_leaving_shows_nothing_typed_into_the_enquiry_form(
    open_page, site_data, java_script_enabled, how
):
    path = site_data["forms"]["enquiry"].get_url()
    page = open_page("/", java_script_enabled=java_script_enabled)
    serve_neutral_site_locally(page.page.context)
    page.goto(path)
    answer_page(page, ENQUIRY_ANSWERS)
    page.goto("/")  # on to another page of the site, then leave from there

    leave(page, how)
    seen = back_through_history(page)

    assert any(where.startswith(f"{path} ") and fields for where, fields, _values in seen), seen
    shown = [(where, values) for where, _fields, values in seen if values]
    assert shown == [], f"Back shows what the parent typed: {shown}"
