"""Small sets of cases, built row by row, whose report figures are worked out by hand in the
tests. Dates are in the past and fixed (the first quarter of 2025), so the figures never
depend on the day the tests run; only the waiting list is counted from today."""

import datetime

import pytest
from django.utils import timezone

from referrals.models import CaseEvent, CaseEventAction, ReferralKind, ReferralStatus
from referrals.models.casework import (
    Cycle,
    CycleLocation,
    CycleStatus,
    Goal,
    GoalRating,
    Intervention,
    RatingStage,
)
from referrals.report.figures import Figures, Period
from tests.factories import EnquiryFactory, ReferralFactory, make_user

R = ReferralStatus
QUARTER = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
PROMISE_DAYS = 7  # 5 working days


def at(day, hour=12):
    """An aware moment on `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def d(text):
    return datetime.date.fromisoformat(text)


def make_referral(received, *, kind=ReferralKind.SELF, status=R.NEW, **fields):
    moment = received if isinstance(received, datetime.datetime) else at(received)
    return ReferralFactory(received_at=moment, kind=kind, status=status, **fields)


def make_enquiry(received):
    return EnquiryFactory(received_at=at(received))


def moved(referral, status, on, source=""):
    """The case history says `referral` was moved to `status` on the date `on`."""
    return CaseEvent.objects.create(
        referral=referral,
        action=CaseEventAction.STATUS_CHANGED,
        from_status=source,
        to_status=status,
        created_at=at(on),
    )


def casework(referral, *, first_contact=None, outcome="", ended=None):
    return Intervention.objects.create(
        referral=referral, first_contact_on=first_contact, outcome=outcome, ended_on=ended
    )


def cycle(intervention, number, filmed, *, status=CycleStatus.DONE, reviewed=None):
    return Cycle.objects.create(
        intervention=intervention,
        number=number,
        filmed_on=filmed,
        reviewed_on=reviewed or (filmed + datetime.timedelta(days=7) if filmed else None),
        location=CycleLocation.HOME,
        status=status,
    )


def goal(intervention, number, start, end=None, *, on=None):
    on = on or datetime.date(2025, 1, 10)
    item = Goal.objects.create(intervention=intervention, number=number, text="A goal")
    GoalRating.objects.create(goal=item, stage=RatingStage.START, rating=start, rated_on=on)
    if end is not None:
        GoalRating.objects.create(
            goal=item, stage=RatingStage.END, rating=end, rated_on=on + datetime.timedelta(days=60)
        )
    return item


def figures_for(period=QUARTER, today=None):
    return Figures(period, today=today or timezone.localdate(), promise_days=PROMISE_DAYS)


@pytest.fixture
def reporting_manager(db):
    return make_user("manager-report", "Managers")
