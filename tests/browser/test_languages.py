"""A family reads and uses the site in Polish or Arabic, in a real browser on a small phone: a
Polish referral from the start page to the confirmation (with a mistake on the way, told in
Polish), an Arabic question page that reads right to left and still fits the screen, and the
language switcher that keeps the visitor's place and answers."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from home import languages
from referrals.models import Referral

from .journeys import CHECK_PAGE, PARENT_NAME, REFERENCE, SELF_ANSWERS, answer_page, start, submit
from .support import format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 320, "height": 640}


@pytest.fixture
def refer_path(site_data):
    """The self-referral's address, with the Polish and Arabic trees copied from English as
    setup_demo leaves them."""
    languages.ensure_locales()  # made afresh for each test (conftest forgets their ids)
    return site_data["forms"]["refer"].get_url()


def assert_no_axe_violations(page, label):
    violations = page.axe_violations()
    assert not violations, f"{label}\n{format_violations(violations)}"


def html_attribute(page, name):
    return page.page.locator("html").get_attribute(name)


def polish(message):
    with translation.override("pl"):
        return gettext(message)


def test_a_polish_referral_from_start_to_confirmation_on_a_small_screen(open_page, refer_path):
    path = f"/pl{refer_path}"
    page = open_page(path, **PHONE)
    assert html_attribute(page, "lang") == "pl"
    assert_no_axe_violations(page, f"{path} start page")
    start(page, path)

    first = True
    for slug, answers in SELF_ANSWERS.items():
        label = f"{path}{slug}/ at 320px"
        assert page.path == f"{path}{slug}/", page.path
        assert html_attribute(page, "lang") == "pl", label
        assert_no_axe_violations(page, label)
        assert page.horizontal_overflow() <= 0, f"{label} scrolls sideways"
        if first:  # one mistake on the way: the first page sent with nothing answered
            first = False
            submit(page)
            assert page.path == f"{path}{slug}/", page.path
            title = page.page.locator(".error-summary .error-summary__title")
            assert title.is_visible(), label
            expected = polish("There is a problem")
            assert expected != "There is a problem", "no Polish for the error summary's title"
            assert title.inner_text().strip() == expected
            assert_no_axe_violations(page, f"{label} with errors")
        answer_page(page, answers)
        submit(page)

    assert page.path == f"{path}{CHECK_PAGE}", page.path
    assert PARENT_NAME in page.page.locator("main").inner_text()
    assert_no_axe_violations(page, f"{path}{CHECK_PAGE} at 320px")
    submit(page)

    assert page.path == f"{path}confirmation/", page.path
    assert html_attribute(page, "lang") == "pl"
    reference = page.page.locator(".panel__reference").inner_text()
    assert REFERENCE.match(reference), reference
    assert_no_axe_violations(page, "the Polish confirmation page at 320px")
    assert page.horizontal_overflow() <= 0
    assert not page.problems(), page.problems()

    referral = Referral.objects.get()
    assert referral.reference == reference
    assert referral.site_language == "pl"  # what the team's messages to the family use


def test_an_arabic_question_page_reads_right_to_left_and_fits_a_small_screen(open_page, refer_path):
    path = f"/ar{refer_path}"
    page = open_page(path, **PHONE)
    start(page, path)
    assert page.path == f"{path}about-you/", page.path
    assert (html_attribute(page, "lang"), html_attribute(page, "dir")) == ("ar", "rtl")
    assert_no_axe_violations(page, f"{path}about-you/ at 320px")
    width = page.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the Arabic question page is {width}px wide"

    submit(page)  # its errors too
    assert page.page.locator(".error-summary").is_visible()
    assert_no_axe_violations(page, f"{path}about-you/ with errors at 320px")
    width = page.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the Arabic page with errors is {width}px wide"
    assert not page.problems(), page.problems()


def test_the_switcher_keeps_the_visitors_step_and_answers(open_page, refer_path):
    path = f"/pl{refer_path}"
    page = open_page(path, **PHONE)
    start(page, path)
    answer_page(page, SELF_ANSWERS["about-you"])
    submit(page)
    assert page.path == f"{path}your-child/", page.path

    with page.page.expect_navigation():
        page.page.locator("a.back-link").click()
    assert page.path == f"{path}about-you/", page.path

    switcher = page.page.locator("nav.language-switcher")
    assert switcher.locator("[aria-current]").inner_text() == "Polski"
    with page.page.expect_navigation():
        switcher.get_by_role("link", name="English").click()
    assert page.path == f"{refer_path}about-you/", page.path
    assert (html_attribute(page, "lang"), html_attribute(page, "dir")) == ("en-GB", "ltr")
    assert page.page.locator("form.intake-form [name=contact_name]").input_value() == PARENT_NAME
    assert page.page.locator("form.intake-form [name=relationship][value=parent]").is_checked()

    # And on in English from there: the next step, not the start again.
    submit(page)
    assert page.path == f"{refer_path}your-child/", page.path
    assert not page.problems(), page.problems()
