"""How the reliability tests send one referral, in one place, so a change to the form's flow
(for example question pages with a check page) is followed here once."""

import re
from urllib.parse import urlsplit

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE = re.compile(rb"VIG-[0-9A-Z]{4}-[0-9A-Z]{4}")
INTAKE_FORM = re.compile(rb'<form\b[^>]*class="[^"]*intake-form[^"]*"[^>]*>')
ACTION = re.compile(rb'action="([^"]*)"')
START = re.compile(rb'<a href="([^"]+)"[^>]*class="[^"]*button--start')
MAX_PAGES = 12


def csrf_token(html):
    found = CSRF.search(html)
    assert found, "the form page carries no CSRF token"
    return found.group(1).decode()


def _form_action(html, path):
    tag = INTAKE_FORM.search(html)
    found = ACTION.search(tag.group(0)) if tag else None
    return (found.group(1).decode() if found else "") or path


def open_form(client, url):
    """(path, response) of the first form page at `url`: the page itself, or where its "Start
    now" button leads when it is a start page."""
    page = client.get(url)
    begin = START.search(page.content) if not INTAKE_FORM.search(page.content) else None
    if page.status_code == 200 and begin:
        path = urlsplit(begin.group(1).decode()).path
        return path, client.get(path)
    return url, page


def submit_referral(client, url, answers):
    """Send a referral from the form at `url` as a browser does: open it (through its "Start
    now" button if it has a start page), send `answers` with
    the page's own CSRF token, and follow the form's pages (question pages, "Check your
    answers") until one shows a reference. Every page gets all the answers; each form reads
    its own fields. Returns the last sending's response: the redirect to the confirmation when
    the referral was saved, else whatever the site answered instead (to a page or a sending)."""
    path, page = open_form(client, url)
    if page.status_code != 200:
        return page  # the form could not be shown (an outage page, say)
    for _ in range(MAX_PAGES):
        fields = {**answers, "csrfmiddlewaretoken": csrf_token(page.content)}
        response = client.post(_form_action(page.content, path), fields)
        if response.status_code not in (301, 302, 303):
            return response
        following = client.get(response["Location"])
        if following.status_code != 200 or REFERENCE.search(following.content):
            return response
        page, path = following, urlsplit(response["Location"]).path
    raise AssertionError(f"no confirmation after {MAX_PAGES} pages")


def referral_answers(born):
    """A complete, valid self-referral as the browser would post it; `born` is the child's
    date of birth. The personal details are distinctive, so a test can look for them in logs."""
    return {
        "contact_name": "Morwenna Trelawney",
        "relationship": "parent",
        "relationship_other": "",
        "email": "morwenna.trelawney@example.com",
        "phone": "07123 456789",
        "safe_contact": ["email", "phone"],
        "preferred_contact": "phone",
        "contact_times": "Weekday mornings",
        "postcode": "EH54 6FF",
        "child_first_name": "Kerensa",
        "child_date_of_birth_0": str(born.day),
        "child_date_of_birth_1": str(born.month),
        "child_date_of_birth_2": str(born.year),
        "school_or_nursery": "",
        "what_to_change": "Bedtimes are a battle and I would like us to enjoy them again.",
        "session_location": "home",
        "session_location_other": "",
        "other_services": "",
        "language": "",
        "access_needs": "",
        "consent_privacy": "on",
        "consent_contact": "on",
        "website": "",
    }


# What must never appear in a log record: every personal detail in referral_answers, and the
# visitor's address the tests send from.
VISITOR_ADDRESS = "203.0.113.77"
PERSONAL = (
    "Morwenna",
    "Trelawney",
    "morwenna.trelawney@example.com",
    "07123 456789",
    "07123456789",
    "EH54 6FF",
    "EH546FF",
    "Kerensa",
    "Bedtimes",
    VISITOR_ADDRESS,
)


def personal_data_in(records):
    """Every (logger, personal detail) found in the log records' messages, arguments and
    tracebacks."""
    found = []
    for record in records:
        text = " ".join(
            [record.getMessage(), repr(record.args), record.exc_text or "", str(record.exc_info)]
        )
        found += [(record.name, value) for value in PERSONAL if value.lower() in text.lower()]
    return found
