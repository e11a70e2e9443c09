"""No privilege escalation through Wagtail's user screens: a Manager looks after the triage
team's accounts and nothing more; deactivating or re-passwording an account ends its sessions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from home.roles import CONTENT_EDITORS
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS
from tests.factories import make_user

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "a-test-password-123"


@pytest.fixture
def manager():
    return make_user("boss", MANAGERS)


@pytest.fixture
def manager_client(manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.fixture
def superuser():
    return make_user("root", superuser=True)


def denied(response):
    """Wagtail answers a refused admin page by sending the user to the dashboard with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def new_user_data(**extra):
    return {
        "username": "newbie",
        "email": "newbie@example.invalid",
        "first_name": "New",
        "last_name": "Officer",
        "password1": "Sup3r-secret-passphrase",
        "password2": "Sup3r-secret-passphrase",
        **extra,
    }


def group_id(name):
    return str(Group.objects.get(name=name).pk)


def test_a_manager_cannot_create_an_administrator(manager_client):
    html = manager_client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="is_superuser"' not in html
    response = manager_client.post(
        reverse("wagtailusers_users:add"),
        new_user_data(is_superuser="on", groups=[group_id(TRIAGE_OFFICERS)]),
    )
    assert response.status_code == 302
    created = User.objects.get(username="newbie")
    assert not created.is_superuser
    assert list(created.groups.values_list("name", flat=True)) == [TRIAGE_OFFICERS]
    # No password was set by the Manager: the new officer chooses their own.
    assert not created.has_usable_password()


@pytest.mark.parametrize("group", [MANAGERS, CONTENT_EDITORS, "Editors", "Moderators"])
def test_a_manager_cannot_grant_a_group_beyond_the_triage_roles(manager_client, group):
    Group.objects.get_or_create(name=group)
    response = manager_client.post(
        reverse("wagtailusers_users:add"), new_user_data(groups=[group_id(group)])
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert not User.objects.filter(username="newbie").exists()


def test_a_manager_offers_only_the_triage_roles(manager_client):
    html = manager_client.get(reverse("wagtailusers_users:add")).content.decode()
    for name in (TRIAGE_OFFICERS, VIG_GUIDERS):
        assert f'value="{group_id(name)}"' in html
    for name in (MANAGERS, CONTENT_EDITORS):
        assert f'value="{group_id(name)}"' not in html


def test_a_manager_cannot_open_or_change_an_administrators_account(manager_client, superuser):
    url = reverse("wagtailusers_users:edit", args=[superuser.pk])
    assert denied(manager_client.get(url))
    response = manager_client.post(
        url,
        {
            "username": "root",
            "email": "root@example.invalid",
            "first_name": "Root",
            "last_name": "Tester",
            "password1": "Taken-over-pass-123",
            "password2": "Taken-over-pass-123",
            "is_active": "on",
        },
    )
    assert denied(response)
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_a_manager_cannot_change_another_managers_account(manager_client):
    other = make_user("peer", MANAGERS)
    assert denied(manager_client.get(reverse("wagtailusers_users:edit", args=[other.pk])))


def test_a_manager_cannot_set_an_officers_password(manager_client):
    officer = make_user("off1", TRIAGE_OFFICERS)
    url = reverse("wagtailusers_users:edit", args=[officer.pk])
    html = manager_client.get(url).content.decode()
    assert 'name="password1"' not in html
    manager_client.post(
        url,
        {
            "username": "off1",
            "email": "off1@example.invalid",
            "first_name": "Off",
            "last_name": "One",
            "password1": "Taken-over-pass-123",
            "password2": "Taken-over-pass-123",
            "is_active": "on",
            "groups": [group_id(TRIAGE_OFFICERS)],
        },
    )
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_manager_cannot_give_themselves_more_groups(manager_client, manager):
    url = reverse("wagtailusers_users:edit", args=[manager.pk])
    manager_client.post(
        url,
        {
            "username": "boss",
            "email": "boss@example.invalid",
            "first_name": "Boss",
            "last_name": "Tester",
            "groups": [group_id(MANAGERS), group_id(CONTENT_EDITORS)],
            "is_superuser": "on",
        },
    )
    manager.refresh_from_db()
    assert not manager.is_superuser
    assert list(manager.groups.values_list("name", flat=True)) == [MANAGERS]


def test_deactivating_an_account_ends_its_sessions_at_once(manager_client):
    officer = make_user("off2", TRIAGE_OFFICERS)
    officers_browser = Client()
    officers_browser.force_login(officer)
    assert officers_browser.get("/admin/referrals/referral/").status_code == 200

    response = manager_client.post(
        reverse("wagtailusers_users:edit", args=[officer.pk]),
        {
            "username": "off2",
            "email": "off2@example.invalid",
            "first_name": "Off",
            "last_name": "Two",
            "groups": [group_id(TRIAGE_OFFICERS)],
            # is_active left out: the box is unticked
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active
    assert officers_browser.get("/admin/referrals/referral/").status_code == 302  # to sign in


def test_a_password_change_ends_the_other_sessions(superuser):
    officer = make_user("off3", TRIAGE_OFFICERS)
    elsewhere = Client()
    elsewhere.force_login(officer)
    officer.set_password("A-brand-new-passphrase-42")
    officer.save()
    assert elsewhere.get("/admin/referrals/referral/").status_code == 302


def test_wagtails_default_editors_group_grants_nothing():
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    editors = Group.objects.get(name="Editors")
    assert not editors.permissions.exists()
    assert not GroupPagePermission.objects.filter(group=editors).exists()
    assert not GroupCollectionPermission.objects.filter(group=editors).exists()
