"""Fixtures for the fault tests: the form pages and a valid referral's answers."""

import datetime

import pytest

from referrals.demo import pages as demo_pages

from .submit import referral_answers


@pytest.fixture
def form_pages(home_page, site_settings):
    site_settings.email = "vig-team@example.invalid"
    site_settings.save()
    return demo_pages.setup_form_pages(home_page)


@pytest.fixture
def refer_url(form_pages):
    return form_pages["refer"].url


@pytest.fixture
def answers():
    return referral_answers(datetime.date.today() - datetime.timedelta(days=4 * 365 + 40))
