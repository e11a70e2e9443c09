"""A VIG Guider's capacity (issue 24): a Manager sets it on the Guider's staff account, within
their remit; it is offered only for members of the VIG Guiders group; nobody without the right
to edit the account can set it, and nobody but a superuser sets their own."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from referrals.models import GuiderCapacity
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
