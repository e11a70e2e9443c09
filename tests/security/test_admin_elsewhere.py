"""The admin's rules follow the admin wherever Wagtail's URLs mount it: its own security policy,
no caching, and the second-factor gate come from Wagtail's address for the admin, not from a
literal "/admin/" (vig_site.admin_path)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, override_settings

from referrals.staff.roles import TRIAGE_OFFICERS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.admin_elsewhere_urls")]


@pytest.fixture(autouse=True)
def _admin_at_staff():
    from vig_site.admin_path import admin_prefix

    admin_prefix.cache_clear()
    yield
    admin_prefix.cache_clear()


def test_the_admin_mounted_elsewhere_keeps_its_own_headers(admin_client, site):
    response = admin_client.get("/staff/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy  # the admin's policy, not the public pages'
    assert "no-store" in response["Cache-Control"]


@override_settings(STAFF_MFA_REQUIRED=True)
def test_the_second_factor_gate_guards_the_admin_wherever_it_is(site):
    officer = get_user_model().objects.create_user("gate-officer", password="x-9-long-pass-word")
    officer.groups.add(Group.objects.get(name=TRIAGE_OFFICERS))
    client = Client()
    client.force_login(officer)
    response = client.get("/staff/referrals/referral/")
    assert response.status_code == 302
    assert "two-factor" in response["Location"]
