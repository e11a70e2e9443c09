"""The current wait the public sees, worked out from the team's casework: the median days from
referral to first filming over the last six months, rounded up to whole weeks, and kept only
when at least five families are behind it. Each figure below is worked out by hand."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from home.models.wait import PublicWait
from referrals.models.casework import Cycle, CycleLocation, CycleStatus, Intervention
from referrals.report.public_wait import update_public_wait, update_public_wait_if_due
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def at(day, hour=12):
    """An aware moment on `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


NOW = at(TODAY, 3)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def family(waited_days, *, filmed_days_ago=10, cycles=()):
    """A referral whose first filming took place `filmed_days_ago` days before TODAY, after
    waiting `waited_days` days from the day it came in. `cycles`: (days ago, status) of any
    other cycles, numbered before the first filming's."""
    filmed = TODAY - datetime.timedelta(days=filmed_days_ago)
    referral = ReferralFactory(received_at=at(filmed - datetime.timedelta(days=waited_days), 23))
    work = Intervention.objects.create(referral=referral)
    for number, (days_ago, status) in enumerate(cycles, start=1):
        Cycle.objects.create(
            intervention=work,
            number=number,
            filmed_on=TODAY - datetime.timedelta(days=days_ago),
            location=CycleLocation.HOME,
            status=status,
        )
    Cycle.objects.create(
        intervention=work,
        number=len(cycles) + 1,
        filmed_on=filmed,
        reviewed_on=filmed,
        location=CycleLocation.HOME,
        status=CycleStatus.DONE,
    )
    return referral


def test_an_odd_number_of_families_gives_the_middle_wait_rounded_up_to_whole_weeks():
    for days in (10, 50, 30, 20, 40):  # the middle is 30 days: 4.3 weeks, so "about 5"
        family(days)
    wait = update_public_wait()
    assert (wait.weeks, wait.families, wait.worked_out_at) == (5, 5, NOW)


def test_an_even_number_of_families_gives_halfway_between_the_middle_two_rounded_up():
    for days in (14, 14, 21, 28, 35, 70):  # (21 + 28) / 2 = 24.5 days: 3.5 weeks, so "about 4"
        family(days)
    assert update_public_wait().weeks == 4


def test_a_middle_wait_of_whole_weeks_is_not_rounded_further():
    for days in (7, 14, 21, 28, 35):  # 21 days: exactly 3 weeks
        family(days)
    assert update_public_wait().weeks == 3


def test_four_families_are_too_few_to_give_a_wait():
    for days in (10, 20, 30, 40):
        family(days)
    wait = update_public_wait()
    assert (wait.weeks, wait.families) == (None, 4)


def test_only_first_filmings_in_the_last_six_months_count():
    for days in (7, 7, 7, 7, 7):
        family(days, filmed_days_ago=181)  # still inside the six months (182 days)
    family(200, filmed_days_ago=183)  # started too long ago
    wait = update_public_wait()
    assert (wait.weeks, wait.families) == (1, 5)


def test_a_cancelled_or_missed_filming_is_not_a_start_and_a_planned_one_is_not_yet():
    for _ in range(4):
        family(14)
    # Filmed at last 70 days after the referral, after a cancelled and a missed filming.
    family(
        70,
        filmed_days_ago=5,
        cycles=[(40, CycleStatus.CANCELLED), (30, CycleStatus.DID_NOT_ATTEND)],
    )
    # Only a filming planned for next week: this family has not started.
    waiting = ReferralFactory(received_at=at(TODAY - datetime.timedelta(days=90)))
    Cycle.objects.create(
        intervention=Intervention.objects.create(referral=waiting),
        number=1,
        filmed_on=TODAY + datetime.timedelta(days=7),
        location=CycleLocation.HOME,
        status=CycleStatus.PLANNED,
    )
    wait = update_public_wait()
    assert (wait.weeks, wait.families) == (2, 5)  # waits 14, 14, 14, 14, 70: the middle is 14


def test_the_figure_is_kept_in_one_row_worked_out_afresh_each_time():
    for days in (7, 7, 7, 7, 7):
        family(days)
    update_public_wait(now=NOW - datetime.timedelta(days=1))
    family(100)
    family(100)
    update_public_wait()
    assert list(PublicWait.objects.values_list("weeks", "families", "worked_out_at")) == [
        (1, 7, NOW)
    ]


def test_the_worker_works_it_out_once_a_day():
    yesterday = NOW - datetime.timedelta(days=1)
    assert update_public_wait_if_due(now=yesterday) is not None  # never worked out yet
    assert update_public_wait_if_due(now=yesterday + datetime.timedelta(hours=1)) is None
    assert update_public_wait_if_due(now=NOW).worked_out_at == NOW  # a new day
    assert update_public_wait_if_due(now=NOW + datetime.timedelta(hours=1)) is None


def test_the_command_says_what_it_worked_out():
    for days in (10, 50, 30, 20, 40):
        family(days)
    out = io.StringIO()
    call_command("update_public_wait", stdout=out)
    assert "within about 5 weeks" in out.getvalue()
    assert "5 families" in out.getvalue()
    assert PublicWait.latest().weeks == 5


def test_the_command_says_when_too_few_families_started():
    family(10)
    out = io.StringIO()
    call_command("update_public_wait", stdout=out)
    assert "fewer than 5" in out.getvalue()
    assert PublicWait.latest().weeks is None
