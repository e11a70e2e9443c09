"""Steps that several browser journeys share: answering the referral's question pages,
sending a form, signing in to the admin.

A referral is a start page, a few question pages (referrals.intake.steps.REFERRAL_STEPS) and "Check
your answers". The answers below are given per question page, as (action, input name, value):
"type" into a text box, "choose" a radio button, "tick" a checkbox. The same answers are given
with the mouse (`answer_page`) or by keyboard alone (test_referral_journey.Keyboard).
"""

import datetime
import re

REFERENCE = re.compile(r"^VIG-[0-9A-Z]{4}-[0-9A-Z]{4}$")
CHILD_BIRTH_YEAR = str(datetime.date.today().year - 5)
PARENT_NAME = "Sam Example"
CHILD_NAME = "Alex"
CHECK_PAGE = "check-your-answers/"

SELF_ANSWERS = {
    "about-you": [
        ("type", "contact_name", PARENT_NAME),
        ("choose", "relationship", "parent"),
        ("type", "postcode", "EH54 6FF"),
    ],
    "your-child": [
        ("type", "child_first_name", CHILD_NAME),
        ("type", "child_date_of_birth_0", "3"),
        ("type", "child_date_of_birth_1", "4"),
        ("type", "child_date_of_birth_2", CHILD_BIRTH_YEAR),
    ],
    "what-you-would-like-to-change": [
        ("type", "what_to_change", "We would like to play together more."),
    ],
    "your-sessions": [("choose", "session_location", "home")],
    "contacting-you-safely": [
        ("type", "email", "sam@example.com"),
        ("tick", "safe_contact", "email"),
        ("choose", "preferred_contact", "email"),
    ],
}
PROFESSIONAL_ANSWERS = {
    "about-you": [
        ("type", "professional_name", "Jo Teacher"),
        ("type", "professional_role", "Class teacher"),
        ("type", "professional_organisation", "Livingston Primary"),
        ("type", "professional_email", "jo.teacher@school.example"),
    ],
    "the-family": [
        ("type", "contact_name", PARENT_NAME),
        ("choose", "relationship", "parent"),
        ("type", "postcode", "EH54 6FF"),
        ("tick", "family_agrees", "on"),
    ],
    "the-child": SELF_ANSWERS["your-child"],
    "what-the-family-would-like-to-change": [
        ("type", "what_to_change", "Mornings before school are hard for them."),
    ],
    "the-familys-sessions": [("choose", "session_location", "school")],
    "contacting-the-family-safely": [
        ("type", "phone", "07123 456 789"),
        ("tick", "safe_contact", "phone"),
        ("tick", "safe_contact", "text"),
        ("choose", "may_name_team", "no"),
        ("choose", "preferred_contact", "text"),
    ],
}
ROUTES = {"refer": SELF_ANSWERS, "refer_professional": PROFESSIONAL_ANSWERS}


def input_for(page, name, value=None):
    selector = f"[name={name}]" if value in (None, "on") else f"[name={name}][value={value}]"
    return page.page.locator(f"form.intake-form {selector}")


def answer_page(page, answers):
    """Give one question page's answers the ordinary way (mouse or touch)."""
    for action, name, value in answers:
        if action == "type":
            input_for(page, name).fill(value)
        else:
            input_for(page, name, value).check()


def submit(page):
    """Press the form's button (Continue, or send); the page's status becomes the response's.
    Every form posts to its own address, whose status the test asserts (not a browser error)."""
    page._document_url = page.page.url.split("#")[0]
    with page.page.expect_navigation() as navigation:
        page.page.locator("form.intake-form button[type=submit]").click()
    page.response = navigation.value
    return page


def start(page, path):
    """Open a referral's start page and press "Start now"."""
    page.goto(path)
    with page.page.expect_navigation():
        page.page.locator("a.button--start").click()
    return page


def answer_referral(page, path, answers=SELF_ANSWERS, *, screenshot=None):
    """Walk every question page from the start page at `path` to "Check your answers"."""
    start(page, path)
    for slug, page_answers in answers.items():
        assert page.path == f"{path}{slug}/", page.path
        if screenshot:
            screenshot(page, slug)
        answer_page(page, page_answers)
        submit(page)
    assert page.path == f"{path}{CHECK_PAGE}", page.path
    return page


def fill_enquiry(page):
    p = page.page
    p.get_by_label("Your name").fill(PARENT_NAME)
    input_for(page, "email").fill("sam@example.com")
    input_for(page, "safe_contact", "email").check()
    p.get_by_label("Your question").fill("Can my partner come to the sessions too?")


def send_self_referral(page, path):
    """Send a valid self-referral from `path`; return the reference on the confirmation."""
    answer_referral(page, path)
    submit(page)
    reference = page.page.locator(".panel__reference").inner_text()
    assert REFERENCE.match(reference), reference
    return reference


def sign_in_with_password(page, username, password):
    """Give the admin's sign-in form a username and password, as staff do."""
    page.goto("/admin/login/")
    page.page.get_by_label("Username").fill(username)
    page.page.get_by_label("Password").fill(password)
    with page.page.expect_navigation():
        page.page.get_by_role("button", name="Sign in").click()


def log_in(page, username, password):
    sign_in_with_password(page, username, password)
    assert page.path.rstrip("/") == "/admin", f"{username} could not sign in: {page.path}"
