"""Steps that several browser journeys share: filling the self-referral form, sending a form,
signing in to the admin."""

import datetime
import re

REFERENCE = re.compile(r"^VIG-[0-9A-Z]{4}-[0-9A-Z]{4}$")
CHILD_BIRTH_YEAR = str(datetime.date.today().year - 5)
PARENT_NAME = "Sam Example"
CHILD_NAME = "Alex"


def fill_self_referral(page, *, postcode="EH54 6FF"):
    """Fill the self-referral form the ordinary way (mouse or touch)."""
    p = page.page
    p.get_by_label("Your full name").fill(PARENT_NAME)
    p.get_by_label("Parent", exact=True).check()
    p.get_by_label("Email address (optional)").fill("sam@example.com")
    p.locator("input[name=safe_contact][value=email]").check()
    p.get_by_label("Postcode").fill(postcode)
    p.get_by_label("Child's first name").fill(CHILD_NAME)
    p.get_by_label("Day", exact=True).fill("3")
    p.get_by_label("Month", exact=True).fill("4")
    p.get_by_label("Year", exact=True).fill(CHILD_BIRTH_YEAR)
    p.get_by_label("What would you like to change?").fill("We would like to play together more.")
    p.get_by_label("At home").check()
    p.get_by_label("I have read the privacy notice").check()
    p.get_by_label("The team may contact me about this referral").check()


def fill_enquiry(page):
    p = page.page
    p.get_by_label("Your name").fill(PARENT_NAME)
    p.get_by_label("Email address (optional)").fill("sam@example.com")
    p.get_by_label("Your question").fill("Can my partner come to the sessions too?")


def submit(page):
    """Press the form's send button; the page's status becomes the response's."""
    with page.page.expect_navigation() as navigation:
        page.page.locator("form.intake-form button[type=submit]").click()
    page.response = navigation.value
    return page


def send_self_referral(page, path):
    """Send a valid self-referral from `path`; return the reference on the confirmation."""
    page.goto(path)
    fill_self_referral(page)
    submit(page)
    reference = page.page.locator(".panel__reference").inner_text()
    assert REFERENCE.match(reference), reference
    return reference


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.page.get_by_label("Username").fill(username)
    page.page.get_by_label("Password").fill(password)
    with page.page.expect_navigation():
        page.page.get_by_role("button", name="Sign in").click()
    assert page.path.rstrip("/") == "/admin", f"{username} could not sign in: {page.path}"
