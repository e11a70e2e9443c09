"""Seeing the service report is its own permission (permissions.VIEW_SERVICE_REPORT), apart
from exporting families' personal data (EXPORT_REFERRAL): Managers have both, officers neither,
and either can be given without the other."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from referrals import permissions as perms
from referrals.cases.admin_urls import list_url
from referrals.models import Referral
from referrals.staff import roles

pytestmark = pytest.mark.django_db
URL = "/admin/referrals/report/"


def user_with(*dotted):
    """A staff account that may use the admin, with exactly these referral permissions."""
    user = get_user_model().objects.create_user(username="someone", password="x")
    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    user.user_permissions.add(
        admin,
        *(
            Permission.objects.get(
                content_type__app_label=perms.APP_LABEL, codename=perms.codename(p)
            )
            for p in dotted
        ),
    )
    return get_user_model().objects.get(pk=user.pk)  # no cached permissions


def sees_report(client, user):
    client.force_login(user)
    page = client.get(URL)
    download = client.get(URL, {"download": "received"})
    in_menu = URL in client.get("/admin/").content.decode()
    return page.status_code == 200, download.status_code == 200, in_menu


def exports_queue(client, user):
    client.force_login(user)
    response = client.get(list_url(Referral), {"export": "csv"})
    return response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_managers_are_given_the_report_permission_by_the_migration():
    managers = Group.objects.get(name=roles.MANAGERS)
    assert managers.permissions.filter(codename=perms.codename(perms.VIEW_SERVICE_REPORT)).exists()
    assert perms.VIEW_SERVICE_REPORT in roles.MANAGER_MODEL_PERMISSIONS


def test_a_manager_sees_the_report_its_menu_item_and_its_downloads(client, manager):
    assert sees_report(client, manager) == (True, True, True)


def test_an_officer_does_not_see_the_report(client, officer):
    assert sees_report(client, officer) == (False, False, False)


def test_the_report_permission_alone_shows_the_report_but_does_not_export_the_queue(client):
    user = user_with(perms.VIEW_REFERRAL, perms.VIEW_SERVICE_REPORT)
    assert sees_report(client, user) == (True, True, True)
    assert not exports_queue(client, user)


def test_the_export_permission_alone_does_not_show_the_report(client):
    user = user_with(perms.VIEW_REFERRAL, perms.EXPORT_REFERRAL)
    assert exports_queue(client, user)
    assert sees_report(client, user) == (False, False, False)
