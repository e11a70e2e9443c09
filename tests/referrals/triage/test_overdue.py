"""Overdue: New or Under review for more than TRIAGE_OVERDUE_DAYS working days."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from referrals.cases import selectors
from referrals.cases.working_days import add_working_days, working_days_between
from referrals.models import Referral, ReferralStatus
from tests.factories import ReferralFactory

LONDON = ZoneInfo("Europe/London")
# Friday 6 November 2026, mid-morning.
FRIDAY = datetime(2026, 11, 6, 10, 0, tzinfo=LONDON)


def at(day, hour=9):
    return datetime(2026, 11, day, hour, 0, tzinfo=LONDON)


def test_weekends_are_not_working_days():
    assert working_days_between(date(2026, 11, 6), date(2026, 11, 9)) == 1  # Fri -> Mon
    assert working_days_between(date(2026, 11, 6), date(2026, 11, 13)) == 5
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)
    assert add_working_days(date(2026, 11, 9), -1) == date(2026, 11, 6)


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (at(9), False),  # Monday: 1 working day
        (at(12), False),  # Thursday: 4
        (at(13, 17), False),  # next Friday: 5, not more than 5
        (at(14), False),  # Saturday: still 5
        (at(15), False),  # Sunday: still 5
        (at(16), True),  # Monday: 6
    ],
)
def test_a_referral_received_on_friday_is_overdue_after_five_working_days(
    db, settings, now, overdue
):
    settings.TRIAGE_OVERDUE_DAYS = 5
    referral = ReferralFactory(received_at=FRIDAY)

    assert selectors.is_overdue(referral, now=now) is overdue
    assert Referral.objects.filter(selectors.overdue_q(now=now)).exists() is overdue


def test_the_setting_changes_the_limit_across_a_weekend(db, settings):
    settings.TRIAGE_OVERDUE_DAYS = 2
    referral = ReferralFactory(received_at=FRIDAY)

    assert not selectors.is_overdue(referral, now=at(10))  # Tuesday: Mon, Tue
    assert selectors.is_overdue(referral, now=at(11))  # Wednesday: 3


@pytest.mark.parametrize(
    ("status", "overdue"),
    [
        (ReferralStatus.NEW, True),
        (ReferralStatus.UNDER_REVIEW, True),
        (ReferralStatus.NEEDS_INFORMATION, False),
        (ReferralStatus.ACCEPTED, False),
        (ReferralStatus.CLOSED, False),
    ],
)
def test_only_cases_awaiting_a_decision_become_overdue(db, status, overdue):
    referral = ReferralFactory(received_at=FRIDAY, status=status)

    assert selectors.is_overdue(referral, now=at(30)) is overdue
