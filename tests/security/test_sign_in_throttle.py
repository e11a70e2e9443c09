"""One throttle wherever a password is checked: the admin login, Wagtail's front-end login and
page passwords all count and all refuse, with one message; an account gets a growing delay, not
a lock, so nobody can keep a named officer out for good."""

from unittest import mock

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from home.models import InformationPage
from referrals.staff.roles import TRIAGE_OFFICERS
from tests.clock import Clock
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def officer_account(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_DELAY_SECONDS = 10
    settings.LOGIN_MAX_DELAY_SECONDS = 80
    user = make_user("officer-t", TRIAGE_OFFICERS)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def clock():
    fake = Clock()
    with mock.patch("vig_site.login_throttle.time.time", fake):
        yield fake


def admin_login(client, password, address="203.0.113.1"):
    return client.post(
        "/admin/login/", {"username": "officer-t", "password": password}, REMOTE_ADDR=address
    )


def front_end_login(client, password, address="203.0.113.1"):
    return client.post(
        "/_util/login/", {"username": "officer-t", "password": password}, REMOTE_ADDR=address
    )


def sees_the_referral_list(client):
    return client.get("/admin/referrals/referral/").status_code == 200


def test_the_front_end_login_is_paused_with_the_admin_login(officer_account, clock):
    client = Client()
    for _ in range(3):
        assert admin_login(client, "wrong").status_code == 200
    # The attack that found it: many more guesses on Wagtail's front-end login, then the right
    # password. Every one is refused while the pause is on, and none signs in.
    for _ in range(40):
        response = front_end_login(client, "wrong")
        assert response.status_code == 429
        assert "Too many sign-in attempts" in response.content.decode()
    assert front_end_login(client, PASSWORD).status_code == 429
    assert not sees_the_referral_list(client)


def test_failures_on_the_front_end_login_count_for_the_admin_login(officer_account, clock):
    client = Client()
    for _ in range(3):
        assert front_end_login(client, "wrong").status_code == 200
    assert admin_login(client, PASSWORD).status_code == 429


def test_the_delay_grows_then_stops_growing_and_the_officer_gets_in(officer_account, clock):
    client = Client()
    for _ in range(3):
        admin_login(client, "wrong", address="198.51.100.1")
    waits = []
    for _ in range(5):  # an attacker tries again the moment each delay is over
        assert admin_login(client, "wrong", address="198.51.100.1").status_code == 429
        wait = int(admin_login(client, "wrong", address="198.51.100.1")["Retry-After"])
        waits.append(wait)
        clock.now += wait
        assert admin_login(client, "wrong", address="198.51.100.1").status_code == 200
    assert waits == [10, 20, 40, 80, 80]  # doubling, capped at LOGIN_MAX_DELAY_SECONDS
    # Refused attempts did not push it further: after the capped delay the officer signs in.
    clock.now += 80
    assert admin_login(Client(), PASSWORD, address="203.0.113.77").status_code == 302


def test_a_success_clears_the_accounts_count(officer_account, clock):
    client = Client()
    for _ in range(2):
        admin_login(client, "wrong")
    assert admin_login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert admin_login(client, "wrong").status_code == 200


def test_page_passwords_are_throttled_too(home_page, settings, clock):
    settings.LOGIN_FAILURE_LIMIT = 3
    page = InformationPage.objects.get(slug="privacy")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="team-only"
    )
    url = f"/_util/authenticate_with_password/{restriction.id}/{page.id}/"
    client = Client()

    def attempt(password):
        return client.post(url, {"password": password, "return_url": "/privacy/"})

    for _ in range(3):
        assert attempt("guess").status_code == 200
    response = attempt("team-only")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    clock.now += settings.LOGIN_DELAY_SECONDS
    assert attempt("team-only").status_code == 302


def test_wrong_guesses_at_a_page_password_make_only_the_guesser_wait(home_page, settings, clock):
    settings.LOGIN_FAILURE_LIMIT = 3
    page = InformationPage.objects.get(slug="privacy")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="team-only"
    )
    url = f"/_util/authenticate_with_password/{restriction.id}/{page.id}/"

    def attempt(client, password, address):
        data = {"password": password, "return_url": "/privacy/"}
        return client.post(url, data, REMOTE_ADDR=address)

    guesser, colleague = Client(), Client()
    for _ in range(5):
        attempt(guesser, "guess", "203.0.113.9")
    assert attempt(guesser, "team-only", "203.0.113.9").status_code == 429
    # Someone else with the right password, from another address, is let straight in.
    assert attempt(colleague, "team-only", "198.51.100.4").status_code == 302
