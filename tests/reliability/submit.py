"""How the reliability tests send one referral, in one place, so a change to the form's flow
(for example question pages with a check page) is followed here once."""

import re

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html):
    found = CSRF.search(html)
    assert found, "the form page carries no CSRF token"
    return found.group(1).decode()


def submit_referral(client, url, answers):
    """Open the form at `url` as a visitor would, send `answers` with the page's own CSRF
    token, and return the last response (a redirect to the confirmation when it was saved)."""
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {**answers, "csrfmiddlewaretoken": csrf_token(page.content)})


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
