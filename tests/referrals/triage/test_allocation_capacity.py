"""Allocating a family (issue 24): the choice of VIG Guider shows each one's families against
their capacity, those with room first; allocating to a Guider at or beyond capacity asks for a
reason, which the history keeps."""

import pytest

from referrals.cases.admin_urls import case_url
from referrals.models import CaseEvent, CaseEventAction, GuiderCapacity, ReferralStatus
from referrals.triage.services import WorkflowError, case_transition
from tests.factories import ReferralFactory, UserFactory
from tests.html import soup

pytestmark = pytest.mark.django_db
R = ReferralStatus
FIELD = "id_transition-allocated-guider"
REASON = "id_transition-allocated-capacity_reason"


def guider_with(families, capacity=None, **names):
    guider = UserFactory(guider=True, **names)
    if capacity is not None:
        GuiderCapacity.objects.create(guider=guider, families=capacity)
    for _ in range(families):
        ReferralFactory(status=R.ALLOCATED, guider=guider)
    return guider


def allocate(client, referral, guider, **extra):
    return client.post(
        case_url(referral),
        {
            "action": "transition",
            "to": R.ALLOCATED,
            "version": referral.version,
            "guider": guider.pk,
            **extra,
        },
    )


def offered(html):
    """[(group label, [option text])] of the Guider choice."""
    select = soup(html).find("select", id=FIELD)
    return [
        (group["label"], [option.get_text(strip=True) for option in group.find_all("option")])
        for group in select.find_all("optgroup")
    ]


def test_each_guider_is_offered_with_families_against_capacity_those_with_room_first(
    officer_client,
):
    guider_with(6, first_name="Ann")  # the default capacity of 6: full
    guider_with(3, capacity=6, first_name="Bea")
    guider_with(1, capacity=2, first_name="Cat")
    referral = ReferralFactory(status=R.ACCEPTED)

    html = officer_client.get(case_url(referral)).content.decode()

    assert offered(html) == [
        (
            "With room (suggested)",
            [
                "Bea Tester: 3 of 6 families (room for 3)",
                "Cat Tester: 1 of 2 families (room for 1)",
            ],
        ),
        ("At or beyond capacity", ["Ann Tester: 6 of 6 families (full)"]),
    ]


def test_allocating_to_a_guider_with_room_needs_no_reason(officer_client):
    guider = guider_with(2, capacity=3)
    referral = ReferralFactory(status=R.ACCEPTED)

    assert allocate(officer_client, referral, guider).status_code == 302

    referral.refresh_from_db()
    assert referral.guider == guider
    assert not CaseEvent.objects.filter(
        referral=referral, action=CaseEventAction.BEYOND_CAPACITY
    ).exists()


def test_allocating_beyond_capacity_without_a_reason_is_refused_next_to_the_field(
    officer_client,
):
    guider = guider_with(3, capacity=3)
    referral = ReferralFactory(status=R.ACCEPTED)

    response = allocate(officer_client, referral, guider, note="Keep this note")

    assert response.status_code == 400
    page = soup(response.content.decode())
    error = page.find(id=f"{REASON}_error")
    assert error is not None and "3 of 3 families" in error.get_text()
    # What was typed is kept: the Guider chosen and the note.
    assert page.find("select", id=FIELD).find("option", selected=True)["value"] == str(guider.pk)
    assert "Keep this note" in page.find(id="id_transition-allocated-note").get_text()
    referral.refresh_from_db()
    assert referral.status == R.ACCEPTED


def test_allocating_beyond_capacity_with_a_reason_records_it_in_the_history(officer_client):
    guider = guider_with(3, capacity=3)
    referral = ReferralFactory(status=R.ACCEPTED)

    response = allocate(
        officer_client, referral, guider, capacity_reason="Only Guider who speaks Polish"
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == R.ALLOCATED
    event = CaseEvent.objects.get(referral=referral, action=CaseEventAction.BEYOND_CAPACITY)
    assert "Only Guider who speaks Polish" in event.detail
    assert "3 of 3" in event.detail


def test_the_service_refuses_an_allocation_beyond_capacity_without_a_reason(officer):
    guider = guider_with(1, capacity=1)
    referral = ReferralFactory(status=R.ACCEPTED)
    with pytest.raises(WorkflowError) as refused:
        case_transition(case=referral, to=R.ALLOCATED, by=officer, guider=guider)
    assert refused.value.field == "capacity_reason"


def test_closed_families_no_longer_count_against_capacity(officer):
    guider = guider_with(0, capacity=1)
    ReferralFactory(status=R.CLOSED, guider=guider)
    referral = ReferralFactory(status=R.ACCEPTED)
    case_transition(case=referral, to=R.ALLOCATED, by=officer, guider=guider, capacity_reason="")
    referral.refresh_from_db()
    assert referral.guider == guider
