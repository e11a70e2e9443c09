"""A parent (or a professional) asks for VIG support in a real browser, page by page: by
keyboard alone, with and without JavaScript, on a small screen; every question page, the check
page and every error state pass axe; an answer is changed from the check page; answers are
forgotten after 60 idle minutes and when the visitor leaves with the quick exit."""

import time
from unittest import mock

import pytest

from home.models.wait import PublicWait
from referrals.intake.answers import IDLE_SECONDS, SESSION_PREFIX
from referrals.models import Enquiry, Referral
from tests.clock import Clock

from .journeys import (
    CHECK_PAGE,
    CHILD_NAME,
    PARENT_NAME,
    REFERENCE,
    ROUTES,
    SELF_ANSWERS,
    answer_page,
    answer_referral,
    fill_enquiry,
    start,
    submit,
)
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

    def route(context):
        context.route(
            "https://www.bbc.co.uk/**",
            lambda r: r.fulfill(
                status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"
            ),
        )

    return route


@pytest.fixture
def clock():
    """The answers' clock, moved by hand (the live server runs in this process)."""
    fake = Clock(now=time.time())
    with mock.patch("referrals.intake.answers.now", fake):
        yield fake


def assert_no_axe_violations(page, label):
    violations = page.axe_violations()
    assert not violations, f"{label}\n{format_violations(violations)}"


def answers_in_session(page):
    """The answers in progress the server holds for this browser's session."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    cookies = {c["name"]: c["value"] for c in page.page.context.cookies()}
    key = cookies.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return {}
    data = SessionStore(session_key=key).load()
    return {name: value for name, value in data.items() if name.startswith(SESSION_PREFIX)}


def assert_answers_only_in_the_session(page):
    """No answer in the address or in a hidden field: only the CSRF token, the spam check and
    the empty form key (home.cache.form_key)."""
    assert "?" not in page.path, page.path
    hidden = page.page.eval_on_selector_all(
        "input[type=hidden]", "els => els.map(el => [el.name, el.value])"
    )
    names = {name for name, value in hidden if not (name.startswith("form-") and value == "")}
    assert names <= {"csrfmiddlewaretoken", "recaptcha"}, hidden


# Every page and state --------------------------------------------------------------------


@pytest.mark.parametrize("route", ["refer", "refer_professional"])
def test_every_question_page_and_state_has_no_axe_violations_and_fits_a_small_screen(
    open_page, form_paths, route
):
    """Each route's start page, each question page empty and with its errors, and the check
    page, at 320 and 1280 px: axe finds nothing, nothing scrolls sideways, and the answers
    live only in the session."""
    path = form_paths[route]
    problems = []
    for width in (320, 1280):
        page = open_page(path, width=width, height=640 if width == 320 else 900)
        page.screenshot(f"{route}-start")
        assert_no_axe_violations(page, f"{path} start page at {width}px")
        start(page, path)
        for slug, answers in ROUTES[route].items():
            label = f"{path}{slug}/ at {width}px"
            assert page.path == f"{path}{slug}/", page.path
            assert page.page.locator("a.back-link").is_visible(), label
            page.screenshot(f"{route}-{slug}")
            assert_no_axe_violations(page, label)
            assert page.horizontal_overflow() <= 0, f"{label} scrolls sideways"

            submit(page)  # nothing answered: the page's own errors
            assert page.page.locator(".error-summary").is_visible(), label
            assert page.page.title().startswith("Error: "), label
            page.screenshot(f"{route}-{slug}-errors")
            assert_no_axe_violations(page, f"{label} with errors")
            assert page.horizontal_overflow() <= 0, f"{label} with errors scrolls sideways"

            answer_page(page, answers)
            submit(page)
            assert_answers_only_in_the_session(page)
        assert page.path == f"{path}{CHECK_PAGE}"
        assert PARENT_NAME in page.page.locator("main").inner_text()
        page.screenshot(f"{route}-check-your-answers")
        assert_no_axe_violations(page, f"{path}{CHECK_PAGE} at {width}px")
        assert page.horizontal_overflow() <= 0
        assert_answers_only_in_the_session(page)
        problems += [f"{path} at {width}px: {problem}" for problem in page.problems()]
    assert not problems, "\n".join(problems)
    assert not Referral.objects.exists()  # nothing is sent until the check page's button


def test_the_enquiry_form_empty_and_with_errors_has_no_axe_violations(open_page, form_paths):
    path = form_paths["enquiry"]
    for width in (320, 1280):
        page = open_page(path, width=width, height=640 if width == 320 else 900)
        page.screenshot("enquiry-empty")
        assert_no_axe_violations(page, f"{path} empty at {width}px")
        submit(page)
        assert page.page.locator(".error-summary").is_visible()
        page.screenshot("enquiry-errors")
        assert_no_axe_violations(page, f"{path} with errors at {width}px")
        assert page.horizontal_overflow() <= 0
        assert not page.problems(), page.problems()


def test_confirmation_and_rate_limited_pages_have_no_axe_violations(
    open_page, form_paths, settings
):
    settings.SUBMISSION_RATE_LIMIT = 2
    PublicWait.objects.create(weeks=7, families=27)  # the steps and the wait are on the page
    for width in (1280, 320):
        page = open_page(form_paths["refer"], width=width)
        answer_referral(page, form_paths["refer"])
        submit(page)
        assert page.path == form_paths["refer"] + "confirmation/"
        assert REFERENCE.match(page.page.locator(".panel__reference").inner_text())
        page.screenshot("refer-confirmation")
        assert_no_axe_violations(page, f"referral confirmation page at {width}px")
        assert page.horizontal_overflow() <= 0
        assert not answers_in_session(page)  # sent: the answers are forgotten

        page.goto(form_paths["enquiry"])
        fill_enquiry(page)
        submit(page)
        assert page.path == form_paths["enquiry"] + "confirmation/"
        assert REFERENCE.match(page.page.locator(".panel__reference").inner_text())
        page.screenshot("enquiry-confirmation")
        assert_no_axe_violations(page, f"enquiry confirmation page at {width}px")
        assert page.horizontal_overflow() <= 0

        # The same device sends a third: the friendly "please phone us" page, nothing lost.
        answer_referral(page, form_paths["refer"])
        submit(page)
        assert page.status == 429
        assert page.page.locator(".notification-banner").is_visible()
        assert PARENT_NAME in page.page.locator("main").inner_text()
        page.screenshot("refer-rate-limited")
        assert_no_axe_violations(page, f"rate-limited page at {width}px")
        assert page.horizontal_overflow() <= 0
        assert not page.problems(), page.problems()

        from django.core.cache import cache

        cache.clear()  # a new window for the second screen size
    assert Referral.objects.count() == 2
    assert Enquiry.objects.count() == 2


def test_an_answer_that_no_longer_passes_at_send_is_linked_to_its_page(open_page, form_paths):
    """Answers are checked again when sent (a child may have turned 19 since): the check page
    shows the problem and links to the question page where it can be changed."""
    from django.contrib.sessions.backends.db import SessionStore

    path = form_paths["refer"]
    page = open_page(path, width=320, height=640)
    answer_referral(page, path)
    key = next(
        c["value"] for c in page.page.context.cookies() if c["name"] == settings_cookie_name()
    )
    store = SessionStore(session_key=key)
    [name] = [name for name in store.keys() if name.startswith(SESSION_PREFIX)]
    record = store[name]
    record["data"]["postcode"] = ["EH54"]
    store[name] = record
    store.save()

    submit(page)
    assert page.page.title().startswith("Error: ")
    link = page.page.locator(".error-summary a")
    assert link.get_attribute("href") == f"{path}about-you/#id_postcode"
    page.screenshot("refer-check-your-answers-errors")
    assert_no_axe_violations(page, "check page with an error")
    with page.page.expect_navigation():
        link.click()
    page.page.locator("[name=postcode]").fill("EH54 6FF")
    submit(page)
    assert page.path == f"{path}{CHECK_PAGE}"
    submit(page)
    assert page.path == f"{path}confirmation/"
    assert Referral.objects.get().postcode == "EH54 6FF"


def settings_cookie_name():
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


# Keyboard alone --------------------------------------------------------------------------


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

    def press(self, key):
        self.keys.press(key)
        return self.page.focused()

    def follow(self, predicate):
        """Tab to a link or button and press Enter; wait for the next page."""
        self.page.tab_until(predicate)
        with self.page.page.expect_navigation():
            self.keys.press("Enter")

    def answer(self, answers):
        for action, name, value in answers:
            if action == "type":
                self.to(name)
                self.keys.press("Control+A")
                self.keys.type(value)
            elif action == "tick":
                focused = self.to(name, None if value == "on" else value)
                if not focused["checked"]:
                    assert self.press("Space")["checked"], focused
            else:  # a radio group: Tab lands on it, the arrows choose
                focused = self.to(name)
                for _ in range(12):
                    if focused["value"] == value:
                        break
                    focused = self.press("ArrowDown")
                if not focused["checked"]:
                    focused = self.press("Space")
                assert focused["value"] == value and focused["checked"], focused

    def continue_(self):
        self.follow(lambda f: f["tag"] == "button" and f["type"] == "submit")


@pytest.mark.parametrize("route", ["refer", "refer_professional"])
@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["with-js", "without-js"])
def test_a_referral_by_keyboard_alone_at_320px_with_a_mistake_and_a_change(
    open_page, form_paths, route, java_script_enabled
):
    path = form_paths[route]
    # A parent starts from the home page; a professional from the page for professionals.
    page = open_page(
        "/" if route == "refer" else path,
        width=320,
        height=640,
        java_script_enabled=java_script_enabled,
    )
    keyboard = Keyboard(page)
    if route == "refer":
        keyboard.follow(lambda f: f["tag"] == "a" and f["href"] == path)
    assert page.path == path
    keyboard.follow(lambda f: "button--start" in f["classes"])

    for slug, answers in ROUTES[route].items():
        assert page.path == f"{path}{slug}/", page.path
        if not any(name == "postcode" for _action, name, _value in answers):
            keyboard.answer(answers)
            keyboard.continue_()
            continue
        # The page that asks for the postcode, with a mistake: a postcode that is not one.
        keyboard.answer([(a, n, "EH54" if n == "postcode" else v) for a, n, v in answers])
        keyboard.continue_()
        assert page.path == f"{path}{slug}/"
        if java_script_enabled:  # the error summary takes the focus
            summary = page.focused()
            assert "error-summary" in summary["classes"], summary
        link = page.tab_until(lambda f: f["href"] == "#id_postcode")
        assert "Enter a real postcode" in link["text"]
        keyboard.keys.press("Enter")
        if java_script_enabled:
            assert page.focused()["name"] == "postcode"
        assert page.page.locator("#id_postcode").input_value() == "EH54"  # nothing is lost
        keyboard.answer([("type", "postcode", "EH54 6FF")])
        keyboard.continue_()
    assert page.path == f"{path}{CHECK_PAGE}"

    # Change the child's name from the check page: to its page and straight back.
    keyboard.follow(lambda f: f["text"].startswith("Change") and "first name" in f["text"])
    child_page = "your-child" if route == "refer" else "the-child"
    assert page.path == f"{path}{child_page}/#id_child_first_name", page.path
    keyboard.answer([("type", "child_first_name", "Robin")])
    keyboard.continue_()
    assert page.path == f"{path}{CHECK_PAGE}"
    main = page.page.locator("main").inner_text()
    assert "Robin" in main and CHILD_NAME not in main

    keyboard.follow(lambda f: f["tag"] == "button" and f["type"] == "submit")
    assert page.path == f"{path}confirmation/"
    referral = Referral.objects.get(reference=page.page.locator(".panel__reference").inner_text())
    assert referral.child_first_name == "Robin"
    assert referral.postcode == "EH54 6FF"
    assert referral.declaration_accepted_at is not None
    assert not page.problems(), page.problems()


# Answers kept only for a while ------------------------------------------------------------


def test_answers_are_forgotten_after_60_idle_minutes(open_page, form_paths, clock):
    path = form_paths["refer"]
    page = open_page(path, width=320, height=640)
    start(page, path)
    first, second = list(SELF_ANSWERS.items())[:2]
    answer_page(page, first[1])
    submit(page)
    assert answers_in_session(page)

    clock.now += IDLE_SECONDS - 60  # 59 minutes: still kept, and the clock starts again
    answer_page(page, second[1])
    submit(page)
    assert page.path == f"{path}{list(SELF_ANSWERS)[2]}/"

    clock.now += IDLE_SECONDS + 1  # then more than an hour without a request
    page.page.reload()
    page.response = None
    assert "You need to start again" in page.page.locator("h1").inner_text()
    page.screenshot("refer-start-again")
    assert_no_axe_violations(page, "start again page")
    assert not answers_in_session(page)
    with page.page.expect_navigation():
        page.page.get_by_role("link", name="Start again").click()
    assert page.path == f"{path}{first[0]}/"
    assert page.page.locator("[name=contact_name]").input_value() == ""
    assert not Referral.objects.exists()


@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["with-js", "without-js"])
def test_leaving_with_the_quick_exit_mid_way_forgets_the_answers(
    open_page, form_paths, offline_exit, java_script_enabled
):
    path = form_paths["refer"]
    page = open_page("/", java_script_enabled=java_script_enabled)
    offline_exit(page.page.context)
    start(page, path)
    first, second = list(SELF_ANSWERS.items())[:2]
    answer_page(page, first[1])
    submit(page)
    answer_page(page, second[1])
    submit(page)
    assert answers_in_session(page)

    page.page.get_by_role("link", name="Emergency: Leave this site quickly").click()
    page.page.wait_for_url(f"{EXIT_URL}**")
    page.page.wait_for_load_state("networkidle")
    assert not answers_in_session(page)
    if java_script_enabled:
        # The page replaced itself in the history; whatever Back shows holds no answer.
        page.page.go_back()
        page.page.wait_for_load_state("load")
        shown = page.page.content()
        assert PARENT_NAME not in shown and CHILD_NAME not in shown
    # Coming back to a later question: nothing is there any more.
    page.goto(f"{path}{list(SELF_ANSWERS)[2]}/")
    assert "You need to start again" in page.page.locator("h1").inner_text()


def test_pressing_shift_three_times_leaves_the_form(open_page, form_paths, offline_exit):
    page = open_page("/")
    offline_exit(page.page.context)
    start(page, form_paths["refer"])
    page.page.locator("[name=contact_name]").focus()
    with page.page.expect_navigation():
        for _ in range(3):
            page.page.keyboard.press("Shift")
    assert page.page.url.startswith(EXIT_URL)
