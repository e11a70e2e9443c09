"""Staff sessions end when left idle, and in any case after a working day."""

from unittest import mock

import pytest
from django.test import Client

from referrals.staff.roles import TRIAGE_OFFICERS
from tests.clock import Clock
from tests.factories import make_user

pytestmark = pytest.mark.django_db
QUEUE = "/admin/referrals/referral/"


@pytest.fixture
def clock(settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    settings.STAFF_SESSION_MAX_HOURS = 10
    fake = Clock(2_000_000.0)
    with mock.patch("vig_site.middleware.time.time", fake):
        yield fake


@pytest.fixture
def officer_browser():
    client = Client()
    client.force_login(make_user("sess-officer", TRIAGE_OFFICERS))
    return client


def signed_in(client):
    return client.get(QUEUE).status_code == 200


def test_a_session_left_idle_ends(officer_browser, clock):
    assert signed_in(officer_browser)
    clock.now += 29 * 60
    assert signed_in(officer_browser)  # activity keeps it going
    clock.now += 31 * 60
    response = officer_browser.get(QUEUE)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not signed_in(officer_browser)  # ended for good, not just for one request


def test_a_busy_session_still_ends_after_a_working_day(officer_browser, clock):
    started = clock.now
    assert signed_in(officer_browser)
    while signed_in(officer_browser):  # a request every 20 minutes: never idle
        clock.now += 20 * 60
        assert clock.now - started <= 11 * 3600, "the session never ended"
    assert 10 * 3600 < clock.now - started <= 10 * 3600 + 20 * 60


def test_ending_a_session_forgets_the_search_terms_in_it(officer_browser, clock):
    from referrals.triage.search import SEARCH_SESSION_KEY

    officer_browser.post(QUEUE, {"q": "Smith"})
    assert SEARCH_SESSION_KEY in officer_browser.session
    clock.now += 31 * 60
    officer_browser.get(QUEUE)
    assert SEARCH_SESSION_KEY not in officer_browser.session
