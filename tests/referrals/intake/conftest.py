"""Fixtures for the intake tests: the form pages, valid answers, and the team inbox."""

import datetime

import pytest
from django.utils import timezone

from referrals.demo import pages as demo_pages

TEAM_EMAIL = "vig-team@example.invalid"


@pytest.fixture
def form_pages(home_page, site_settings):
    site_settings.email = TEAM_EMAIL
    site_settings.save()
    return demo_pages.setup_form_pages(home_page)


@pytest.fixture
def refer_url(form_pages):
    return form_pages["refer"].url


@pytest.fixture
def professional_url(form_pages):
    return form_pages["refer_professional"].url


@pytest.fixture
def enquiry_url(form_pages):
    return form_pages["enquiry"].url


def years_ago(years, today=None):
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@pytest.fixture
def referral_data():
    """A complete, valid self-referral as the browser would post it."""
    born = years_ago(4) - datetime.timedelta(days=40)
    return {
        "contact_name": "Siobhán Ní Bhriain",
        "relationship": "parent",
        "relationship_other": "",
        "email": "siobhan@example.com",
        "phone": "07123 456789",
        "safe_contact": ["email", "phone"],
        "preferred_contact": "phone",
        "contact_times": "Weekday mornings",
        "postcode": "eh546ff",
        "child_first_name": "Aoife",
        "child_date_of_birth_0": str(born.day),
        "child_date_of_birth_1": str(born.month),
        "child_date_of_birth_2": str(born.year),
        "school_or_nursery": "Little Acorns Nursery",
        "what_to_change": "We argue at bedtime and I would like us to enjoy it again.",
        "session_location": "home",
        "session_location_other": "",
        "other_services": "Health visitor",
        "language": "Irish",
        "access_needs": "Ground floor rooms please",
        "consent_privacy": "on",
        "consent_contact": "on",
        "website": "",
    }


@pytest.fixture
def professional_data(referral_data):
    return {
        **referral_data,
        "professional_name": "Łukasz Kowalski",
        "professional_role": "Health visitor",
        "professional_organisation": "Livingston Health Centre",
        "professional_email": "lukasz.kowalski@nhs.example",
        "professional_phone": "01506 282948",
        "family_agrees": "on",
    }


@pytest.fixture
def enquiry_data():
    return {
        "name": "王秀英",
        "email": "xiuying@example.com",
        "phone": "",
        "safe_contact": ["email"],
        "preferred_contact": "email",
        "question": "Is VIG right for a 15-year-old? <b>We</b> struggle to talk.",
        "website": "",
    }
