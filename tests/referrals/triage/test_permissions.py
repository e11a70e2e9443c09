"""The permission matrix: who may do what to a referral, through the admin's HTTP surface."""

import pytest
from django.urls import reverse

from referrals.cases.admin_urls import add_url, case_url, case_url_for, list_url
from referrals.models import CaseNote, Enquiry, OutboundEmail, Referral, ReferralStatus
from tests.factories import ReferralFactory

LOGIN = "login"
DENIED = "denied"  # Wagtail's "Sorry, you do not have permission": redirect to the admin home
BACK_TO_CASE = "back to case"
DELETED = "deleted"

ACTIONS = ("list", "detail", "transition", "assign", "note", "export", "delete")
MATRIX = {
    "anonymous": dict.fromkeys(ACTIONS, LOGIN),
    "editor": dict.fromkeys(ACTIONS, DENIED),
    "officer": {
        "list": 200,
        "detail": 200,
        "transition": BACK_TO_CASE,
        "assign": BACK_TO_CASE,
        "note": BACK_TO_CASE,
        "export": DENIED,
        "delete": DENIED,
    },
    "guider": {
        "list": 200,
        "detail": 200,
        "transition": DENIED,
        "assign": DENIED,
        "note": DENIED,
        "export": DENIED,
        "delete": DENIED,
    },
    "manager": {
        "list": 200,
        "detail": 200,
        "transition": BACK_TO_CASE,
        "assign": BACK_TO_CASE,
        "note": BACK_TO_CASE,
        "export": 200,
        "delete": DELETED,
    },
}
CELLS = [
    (role, action, expected) for role, row in MATRIX.items() for action, expected in row.items()
]


def request_for(client, action, referral, officer):
    index = list_url(Referral)
    detail = case_url(referral)
    if action == "list":
        return client.get(index)
    if action == "detail":
        return client.get(detail)
    if action == "transition":
        return client.post(
            detail, {"action": "transition", "to": "under_review", "version": referral.version}
        )
    if action == "assign":
        return client.post(
            detail, {"action": "assign", "officer": officer.pk, "version": referral.version}
        )
    if action == "note":
        return client.post(detail, {"action": "note", "text": "Phoned, no answer."})
    if action == "export":
        return client.get(index, {"export": "csv"})
    if action == "delete":
        return client.post(case_url_for(Referral, referral.pk, "delete"))
    raise AssertionError(action)


@pytest.mark.parametrize(("role", "action", "expected"), CELLS)
def test_permission_matrix(client, role, action, expected, request, officer, guider):
    referral = ReferralFactory(status=ReferralStatus.NEW, guider=guider)
    users = {"officer": officer, "guider": guider}
    if role in ("editor", "manager"):
        users[role] = request.getfixturevalue(role)
    if role != "anonymous":
        client.force_login(users[role])

    response = request_for(client, action, referral, officer)

    detail = case_url(referral)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif expected == DENIED:
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    elif expected == BACK_TO_CASE:
        assert response.status_code == 302
        assert response["Location"] == detail
    elif expected == DELETED:
        assert response.status_code == 302
        assert response["Location"] == list_url(Referral)
        assert not Referral.objects.filter(pk=referral.pk).exists()
    else:
        assert response.status_code == expected

    referral_survives = expected != DELETED
    assert Referral.objects.filter(pk=referral.pk).exists() == referral_survives
    if expected in (LOGIN, DENIED):
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.NEW
        assert referral.assigned_to is None
        assert not CaseNote.objects.filter(referral=referral).exists()


def test_guider_sees_only_referrals_allocated_to_them(client, guider):
    theirs = ReferralFactory(status=ReferralStatus.ALLOCATED, guider=guider)
    other = ReferralFactory(status=ReferralStatus.ALLOCATED)
    client.force_login(guider)

    listing = client.get(list_url(Referral)).content.decode()
    assert theirs.reference in listing
    assert other.reference not in listing

    response = client.get(case_url(other))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_editor_sees_no_referrals_menu_or_dashboard_panel(client, editor, referral):
    client.force_login(editor)

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Triage queue" not in home
    assert list_url(Referral) not in home


def test_officer_sees_referrals_menu_and_dashboard_panel(client, officer, referral):
    client.force_login(officer)

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Triage queue" in home
    assert list_url(Referral) in home


def test_nobody_can_create_or_edit_a_referral_through_a_form(client, manager, referral):
    client.force_login(manager)

    create = client.get(add_url(Referral))
    edit = client.get(case_url_for(Referral, referral.pk, "edit"))

    assert create.status_code == edit.status_code == 302
    assert create["Location"] == edit["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_enquiries_and_outbox_are_closed_to_people_without_referral_permissions(
    client, request, role
):
    if role == "editor":
        client.force_login(request.getfixturevalue("editor"))
    for model in (Enquiry, OutboundEmail):
        response = client.get(list_url(model))
        assert response.status_code == 302
        assert response["Location"] != list_url(model)
