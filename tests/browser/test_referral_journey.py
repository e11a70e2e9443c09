"""A parent asks for VIG support in a real browser: by keyboard alone, without JavaScript, and
on a small screen; every form state passes axe; the quick exit leaves the site."""

import re

import pytest

from referrals.models import Enquiry, Referral

from .journeys import CHILD_BIRTH_YEAR, REFERENCE, fill_enquiry, fill_self_referral, submit
from .neutral_site import serve_neutral_site_locally
from .support import format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EXIT_URL = "https://www.bbc.co.uk/weather"


@pytest.fixture
def form_paths(site_data):
    forms = site_data["forms"]
    if not forms:  # pragma: no cover - only before the intake forms exist
        pytest.skip("the intake form pages do not exist yet")
    return {name: page.get_url() for name, page in forms.items()}


@pytest.fixture
def offline_exit(browser_context_factory):
    """Serve the quick exit's neutral site locally: the tests never leave the machine."""
    return serve_neutral_site_locally


def assert_no_axe_violations(page, label):
    violations = page.axe_violations()
    assert not violations, f"{label}\n{format_violations(violations)}"


def test_every_form_state_has_no_axe_violations_and_fits_a_small_screen(open_page, form_paths):
    """The three forms, empty and after sending them empty (error state), at 320 and 1280px."""
    problems = []
    for name, path in form_paths.items():
        for width in (320, 1280):
            page = open_page(path, width=width, height=640 if width == 320 else 900)
            page.screenshot(f"{name}-empty")
            assert_no_axe_violations(page, f"{path} empty at {width}px")
            assert page.horizontal_overflow() <= 0, f"{path} scrolls sideways at {width}px"

            submit(page)
            assert page.page.locator(".error-summary").is_visible(), path
            assert page.page.title().startswith("Error: "), path
            page.screenshot(f"{name}-errors")
            assert_no_axe_violations(page, f"{path} with errors at {width}px")
            assert page.horizontal_overflow() <= 0, f"{path} with errors scrolls sideways"
            problems += [f"{path} at {width}px: {problem}" for problem in page.problems()]
    assert not problems, "\n".join(problems)


def test_confirmation_and_rate_limited_pages_have_no_axe_violations(
    open_page, form_paths, settings
):
    settings.SUBMISSION_RATE_LIMIT = 2
    for width in (1280, 320):
        page = open_page(form_paths["refer"], width=width)
        fill_self_referral(page)
        submit(page)
        assert page.path == form_paths["refer"] + "confirmation/"
        assert REFERENCE.match(page.page.locator(".panel__reference").inner_text())
        page.screenshot("refer-confirmation")
        assert_no_axe_violations(page, f"referral confirmation page at {width}px")
        assert page.horizontal_overflow() <= 0

        page.goto(form_paths["enquiry"])
        fill_enquiry(page)
        submit(page)
        assert page.path == form_paths["enquiry"] + "confirmation/"
        assert REFERENCE.match(page.page.locator(".panel__reference").inner_text())
        page.screenshot("enquiry-confirmation")
        assert_no_axe_violations(page, f"enquiry confirmation page at {width}px")
        assert page.horizontal_overflow() <= 0

        # The same device sends a third: the friendly "please phone us" page, nothing lost.
        page.goto(form_paths["refer"])
        fill_self_referral(page)
        submit(page)
        assert page.status == 429
        assert page.page.locator(".notification-banner").is_visible()
        assert page.page.get_by_label("Your full name").input_value() == "Sam Example"
        page.screenshot("refer-rate-limited")
        assert_no_axe_violations(page, f"rate-limited page at {width}px")
        assert page.horizontal_overflow() <= 0
        assert not page.problems(), page.problems()

        from django.core.cache import cache

        cache.clear()  # a new window for the second screen size
    assert Referral.objects.count() == 2
    assert Enquiry.objects.count() == 2


class Keyboard:
    """A person using only the keyboard: Tab, Shift+Tab, Space, Enter, arrows and typing."""

    def __init__(self, page):
        self.page = page
        self.keys = page.page.keyboard

    def to(self, name, value=None):
        """Tab forwards to a field; every stop on the way must show where the focus is."""
        return self.page.tab_until(
            lambda f: f["name"] == name and (value is None or f["value"] == value)
        )

    def type_into(self, name, text):
        self.to(name)
        self.keys.type(text)

    def press(self, key):
        self.keys.press(key)
        return self.page.focused()


def test_parent_asks_for_support_by_keyboard_alone_and_corrects_a_mistake(open_page, form_paths):
    page = open_page("/")
    keyboard = Keyboard(page)

    # From the home page to the form.
    page.tab_until(lambda f: f["text"] == "Ask for support")
    with page.page.expect_navigation():
        keyboard.keys.press("Enter")
    assert page.path == form_paths["refer"]

    keyboard.type_into("contact_name", "Sam Example")
    keyboard.to("relationship")
    assert keyboard.press("Space")["checked"], "Space should choose the first relationship"
    keyboard.type_into("email", "sam@example.com")
    keyboard.type_into("phone", "07123 456 789")
    assert keyboard.press("Shift+Tab")["name"] == "email"
    keyboard.to("safe_contact", "email")
    assert keyboard.press("Space")["checked"]
    keyboard.to("safe_contact", "phone")
    assert keyboard.press("Space")["checked"]
    keyboard.type_into("postcode", "EH54")  # the mistake
    keyboard.type_into("child_first_name", "Alex")
    keyboard.type_into("child_date_of_birth_0", "3")
    keyboard.type_into("child_date_of_birth_1", "4")
    keyboard.type_into("child_date_of_birth_2", CHILD_BIRTH_YEAR)
    keyboard.type_into("what_to_change", "We would like to enjoy playing together again.")
    keyboard.to("session_location")
    chosen = keyboard.press("ArrowDown")  # arrows move between the choices and select them
    assert chosen["value"] == "school" and chosen["checked"]
    keyboard.to("consent_privacy")
    keyboard.press("Space")
    keyboard.to("consent_contact")
    keyboard.press("Space")
    page.tab_until(lambda f: f["tag"] == "button" and f["text"] == "Send referral")
    with page.page.expect_navigation():
        keyboard.keys.press("Enter")

    # The error summary takes the focus and links to the field with the mistake.
    summary = page.focused()
    assert "error-summary" in summary["classes"], summary
    assert summary["visible"]
    assert "Enter a real postcode" in summary["text"]
    link = keyboard.press("Tab")
    assert link["href"] == "#id_postcode" and link["visible"], link
    field = keyboard.press("Enter")
    assert field["name"] == "postcode", field
    # Nothing typed was lost.
    assert page.page.get_by_label("Your full name").input_value() == "Sam Example"
    assert page.page.get_by_label("Year", exact=True).input_value() == CHILD_BIRTH_YEAR

    keyboard.press("Control+A")
    page.page.keyboard.type("EH54 6FF")
    page.tab_until(lambda f: f["tag"] == "button" and f["text"] == "Send referral")
    with page.page.expect_navigation():
        keyboard.keys.press("Enter")

    assert page.path == form_paths["refer"] + "confirmation/"
    reference = page.page.locator(".panel__reference").inner_text()
    assert REFERENCE.match(reference)
    referral = Referral.objects.get(reference=reference)
    assert referral.postcode == "EH54 6FF"
    assert referral.safe_to_email and referral.safe_to_phone and not referral.safe_to_voicemail
    assert not page.problems(), page.problems()


def test_parent_asks_for_support_without_javascript(open_page, form_paths):
    page = open_page("/", java_script_enabled=False)
    with page.page.expect_navigation():
        page.page.get_by_role("button", name="Ask for support").click()
    assert page.path == form_paths["refer"]

    fill_self_referral(page, postcode="EH54")
    submit(page)
    summary = page.page.locator(".error-summary")
    assert summary.is_visible()
    summary.get_by_role("link", name=re.compile("Enter a real postcode")).click()
    assert page.page.url.endswith("#id_postcode")
    postcode = page.page.get_by_label("Postcode")
    assert postcode.input_value() == "EH54"
    assert page.page.get_by_label("Your full name").input_value() == "Sam Example"
    postcode.fill("EH54 6FF")
    submit(page)

    assert page.path == form_paths["refer"] + "confirmation/"
    reference = page.page.locator(".panel__reference").inner_text()
    assert Referral.objects.filter(reference=reference).exists()
    assert not page.problems(), page.problems()


@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["with-js", "without-js"])
def test_leave_this_site_quickly_goes_to_a_neutral_site(
    open_page, form_paths, offline_exit, java_script_enabled
):
    page = open_page("/", java_script_enabled=java_script_enabled)
    offline_exit(page.page.context)
    page.goto(form_paths["refer"])
    page.page.get_by_label("Your full name").fill("Sam Example")
    exit_link = page.page.get_by_role("link", name="Emergency: Leave this site quickly")
    # Without JavaScript the link goes through /leave/, which redirects to the neutral site.
    exit_link.click()
    page.page.wait_for_url(f"{EXIT_URL}**")
    assert page.page.url.startswith(EXIT_URL)
    if java_script_enabled:
        # The form replaced itself in the history: Back does not show it again.
        page.page.go_back()
        assert page.path != form_paths["refer"]


def test_pressing_shift_three_times_leaves_the_form(open_page, form_paths, offline_exit):
    page = open_page("/")
    offline_exit(page.page.context)
    page.goto(form_paths["refer"])
    page.page.get_by_label("Your full name").focus()
    with page.page.expect_navigation():
        for _ in range(3):
            page.page.keyboard.press("Shift")
    assert page.page.url.startswith(EXIT_URL)
