"""A VIG Guider's capacity (issue 24): a Manager sets it on the Guider's staff account, within
their remit; it is offered only for members of the VIG Guiders group; nobody without the right
to edit the account can set it, and nobody but a superuser sets their own."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from referrals.models import GuiderCapacity
from referrals.staff.capacity import CAPACITY_ACTION, set_guider_capacity
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS
from tests.factories import make_user
from tests.html import soup

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def edit_url(user):
    return reverse("wagtailusers_users:edit", args=[user.pk])


def account_data(user, *groups, **extra):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "groups": [str(Group.objects.get(name=name).pk) for name in groups],
        **extra,
    }


def capacity_of(user):
    row = GuiderCapacity.objects.filter(guider=user).first()
    return row.families if row else None


def test_a_manager_sets_a_guiders_capacity_on_their_account():
    manager = make_user("boss", MANAGERS)
    guider = make_user("grace", VIG_GUIDERS)
    client = client_of(manager)

    field = soup(client.get(edit_url(guider)).content.decode()).find("input", id="id_capacity")
    assert field is not None and field["value"] == str(GuiderCapacity.DEFAULT_FAMILIES)

    response = client.post(edit_url(guider), account_data(guider, VIG_GUIDERS, capacity="4"))

    assert response.status_code == 302
    assert capacity_of(guider) == 4
    field = soup(client.get(edit_url(guider)).content.decode()).find("input", id="id_capacity")
    assert field["value"] == "4"


def test_capacity_is_offered_only_for_vig_guiders():
    manager = make_user("boss", MANAGERS)
    officer = make_user("olly", TRIAGE_OFFICERS)
    client = client_of(manager)

    assert 'name="capacity"' not in client.get(edit_url(officer)).content.decode()
    client.post(edit_url(officer), account_data(officer, TRIAGE_OFFICERS, capacity="4"))
    assert capacity_of(officer) is None


def test_a_capacity_that_is_not_a_number_is_refused_next_to_the_field_and_kept():
    manager = make_user("boss", MANAGERS)
    guider = make_user("grace", VIG_GUIDERS)

    response = client_of(manager).post(
        edit_url(guider), account_data(guider, VIG_GUIDERS, capacity="six")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a whole number of families, like 6." in html
    assert soup(html).find("input", id="id_capacity")["value"] == "six"
    assert capacity_of(guider) is None


def test_an_officer_cannot_set_a_guiders_capacity():
    officer = make_user("olly", TRIAGE_OFFICERS)
    guider = make_user("grace", VIG_GUIDERS)

    client_of(officer).post(edit_url(guider), account_data(guider, VIG_GUIDERS, capacity="1"))

    assert capacity_of(guider) is None


def test_a_manager_cannot_set_the_capacity_of_a_guider_outside_their_remit():
    """A Guider who is also a Manager is another Manager's account: out of a Manager's remit."""
    manager = make_user("boss", MANAGERS)
    other = make_user("lead", MANAGERS, VIG_GUIDERS)

    response = client_of(manager).post(
        edit_url(other), account_data(other, MANAGERS, VIG_GUIDERS, capacity="1")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert capacity_of(other) is None


def test_a_manager_who_is_also_a_guider_does_not_set_their_own_capacity():
    lead = make_user("lead", MANAGERS, VIG_GUIDERS)
    client = client_of(lead)

    assert 'name="capacity"' not in client.get(edit_url(lead)).content.decode()
    client.post(edit_url(lead), account_data(lead, capacity="40"))
    assert capacity_of(lead) is None


def test_a_superuser_sets_any_guiders_capacity():
    root = make_user("root", superuser=True)
    guider = make_user("grace", VIG_GUIDERS)
    client_of(root).post(edit_url(guider), account_data(guider, VIG_GUIDERS, capacity="0"))
    assert capacity_of(guider) == 0


# The service ----------------------------------------------------------------------------------


def capacity_entries(guider):
    return ModelLogEntry.objects.filter(action=CAPACITY_ACTION, object_id=str(guider.pk))


def test_a_change_of_capacity_on_the_account_screen_is_in_the_audit_log_old_to_new():
    manager = make_user("boss", MANAGERS)
    guider = make_user("grace", VIG_GUIDERS)
    client = client_of(manager)

    client.post(edit_url(guider), account_data(guider, VIG_GUIDERS, capacity="4"))
    client.post(edit_url(guider), account_data(guider, VIG_GUIDERS, capacity="4"))  # no change

    entry = capacity_entries(guider).get()
    assert entry.user_id == manager.pk
    assert entry.data == {"old": GuiderCapacity.DEFAULT_FAMILIES, "new": 4}
    assert entry.message == (
        f"Changed the VIG Guider's capacity from {GuiderCapacity.DEFAULT_FAMILIES} to 4 "
        "families at once"
    )
    history = client.get(reverse("wagtailusers_users:history", args=[guider.pk]))
    assert "Changed the VIG Guider&#x27;s capacity from 6 to 4" in history.content.decode()


def test_the_service_refuses_whoever_may_not_change_the_guiders_account():
    guider = make_user("grace", VIG_GUIDERS)
    officer = make_user("olly", TRIAGE_OFFICERS)
    lead = make_user("lead", MANAGERS, VIG_GUIDERS)
    manager = make_user("boss", MANAGERS)

    for by, target in ((officer, guider), (manager, lead), (lead, lead), (None, guider)):
        with pytest.raises(PermissionDenied):
            set_guider_capacity(guider=target, families=1, by=by)

    assert capacity_of(guider) is None and capacity_of(lead) is None
    assert not ModelLogEntry.objects.filter(action=CAPACITY_ACTION).exists()


def test_the_service_sets_a_capacity_only_for_a_vig_guider():
    manager = make_user("boss", MANAGERS)
    officer = make_user("olly", TRIAGE_OFFICERS)
    with pytest.raises(ValueError, match="Only a VIG Guider"):
        set_guider_capacity(guider=officer, families=3, by=manager)
    assert capacity_of(officer) is None
