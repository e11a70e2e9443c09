"""A family may stop before anything is filmed. Only a filming that has taken place holds the
ending back (the work cannot end before it); a cycle still to come is cancelled when the work
ends, and the history says so."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from referrals.cases.admin_urls import case_url
from referrals.casework import services as casework
from referrals.casework.services import CaseworkError
from referrals.models import CaseEvent, CaseEventAction, Referral, ReferralStatus
from referrals.models.casework import (
    ConsentCovers,
    ConsentGiver,
    CycleLocation,
    CycleStatus,
    Intervention,
    Outcome,
)
from tests.factories import ReferralFactory

FROZEN = timezone.make_aware(datetime(2026, 3, 10, 11, 0))
TODAY = FROZEN.date()


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: FROZEN)


def days(n):
    return TODAY + timedelta(days=n)


@pytest.fixture
def family(guider):
    family = ReferralFactory(
        status=ReferralStatus.ALLOCATED, guider=guider, received_at=FROZEN - timedelta(days=90)
    )
    casework.record_consent(
        referral=family,
        by=guider,
        given_by=ConsentGiver.PARENT_OR_CARER,
        given_on=days(-60),
        covers=ConsentCovers.INTERVENTION,
    )
    return family


def cycle(family, by, **fields):
    fields.setdefault("location", CycleLocation.HOME)
    return casework.save_cycle(referral=family, by=by, number=None, **fields)


def end_early(family, by, on=TODAY):
    return casework.end_work(referral=family, by=by, outcome=Outcome.ENDED_BY_FAMILY, ended_on=on)


def statuses(family):
    return dict(Intervention.objects.get(referral=family).cycles.values_list("number", "status"))


def casework_history(family):
    return list(
        CaseEvent.objects.filter(referral=family, action=CaseEventAction.CASEWORK)
        .order_by("created_at", "id")
        .values_list("detail", flat=True)
    )


def test_a_family_can_end_early_before_its_first_planned_filming(family, guider):
    cycle(family, guider, status=CycleStatus.PLANNED, filmed_on=days(14))

    intervention = end_early(family, guider)

    assert intervention.outcome == Outcome.ENDED_BY_FAMILY
    assert intervention.ended_on == TODAY
    assert Referral.objects.get(pk=family.pk).status == ReferralStatus.CLOSED


def test_a_cancelled_cycle_with_a_future_date_does_not_hold_the_ending_back(family, guider):
    cycle(family, guider, status=CycleStatus.CANCELLED, filmed_on=days(7))

    end_early(family, guider)

    assert Referral.objects.get(pk=family.pk).status == ReferralStatus.CLOSED
    assert statuses(family) == {1: CycleStatus.CANCELLED}
    assert not any("cancelled" in detail for detail in casework_history(family))


def test_a_cycle_the_family_did_not_attend_was_not_filmed(family, guider):
    cycle(family, guider, status=CycleStatus.DID_NOT_ATTEND, filmed_on=days(-3))

    end_early(family, guider, on=days(-5))  # before that date: nothing was filmed on it

    assert Referral.objects.get(pk=family.pk).status == ReferralStatus.CLOSED
    assert statuses(family) == {1: CycleStatus.DID_NOT_ATTEND}


def test_planned_cycles_still_to_come_are_cancelled_and_recorded(family, guider):
    cycle(family, guider, status=CycleStatus.DONE, filmed_on=days(-30), reviewed_on=days(-25))
    cycle(family, guider, status=CycleStatus.PLANNED, filmed_on=days(5))
    cycle(family, guider, status=CycleStatus.PLANNED)  # no date yet

    end_early(family, guider)

    assert statuses(family) == {
        1: CycleStatus.DONE,
        2: CycleStatus.CANCELLED,
        3: CycleStatus.CANCELLED,
    }
    history = casework_history(family)
    assert "Cycle 2 cancelled: the work ended before it was filmed" in history
    assert "Cycle 3 cancelled: the work ended before it was filmed" in history
    assert history[-1] == "Work ended on 10 March 2026: Ended early by the family"


def test_the_work_cannot_end_before_a_filming_that_took_place(family, guider):
    cycle(family, guider, status=CycleStatus.DONE, filmed_on=days(-20), reviewed_on=days(-15))

    with pytest.raises(CaseworkError) as error:
        end_early(family, guider, on=days(-21))

    assert error.value.field == "ended_on"
    assert "before its first filming (18 February 2026)" in error.value.message
    assert Referral.objects.get(pk=family.pk).status == ReferralStatus.ALLOCATED


def test_a_planned_cycle_whose_date_has_passed_counts_as_filmed_and_is_kept(family, guider):
    # Not yet marked done, but its filming date has come: footage may exist.
    cycle(family, guider, status=CycleStatus.PLANNED, filmed_on=days(-4))

    with pytest.raises(CaseworkError) as error:
        end_early(family, guider, on=days(-6))
    assert error.value.field == "ended_on"

    end_early(family, guider, on=days(-1))
    assert statuses(family) == {1: CycleStatus.PLANNED}


def url(referral):
    return case_url(referral)


def test_the_guider_ends_a_family_that_dropped_out_from_the_case_page(client, family, guider):
    cycle(family, guider, status=CycleStatus.PLANNED, filmed_on=days(10))
    client.force_login(guider)

    response = client.post(
        url(family),
        {
            "action": "end_work",
            "form_prefix": "end_work",
            "end_work-outcome": Outcome.ENDED_BY_FAMILY,
            "end_work-ended_on": TODAY.isoformat(),
        },
    )

    assert response.status_code == 302
    assert Referral.objects.get(pk=family.pk).status == ReferralStatus.CLOSED
    html = client.get(url(family)).content.decode()
    assert "Ended early by the family, 10 March 2026" in html
    assert "Cycle 1 cancelled: the work ended before it was filmed" in html
    assert "<td>Cancelled</td>" in html
