"""setup_demo gives the allocated and closed demo families their casework, through the
casework services, over the last 12 months: the report has something to show in every month."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from home.demo import site as demo_site
from referrals.demo import cases as demo_cases
from referrals.models import Referral
from referrals.models.casework import (
    OFFERED_CYCLES,
    Cycle,
    CycleStatus,
    Goal,
    GoalRating,
    Intervention,
    Outcome,
    RatingStage,
)
from referrals.report.figures import Figures, Period
from referrals.report.forms import default_period
from referrals.report.tables import promise_calendar_days

from .conftest import R

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo cases, built once for this module inside a transaction rolled back after it
    (each test's own transaction nests inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_site.ensure_accounts(demo_cases.DEMO_ACCOUNTS)
        yield demo_cases.setup_cases()
        transaction.set_rollback(True)


def test_every_allocated_and_closed_demo_family_has_its_casework(demo):
    worked = Referral.objects.filter(status__in=[R.ALLOCATED, R.CLOSED], guider__isnull=False)
    assert worked.count() >= 30
    for referral in worked:
        work = Intervention.objects.get(referral=referral)
        assert work.first_contact_on >= timezone.localdate(referral.received_at)
        assert work.consents.exists()
        assert 1 <= work.goals.count() <= 3
        if referral.status == R.CLOSED:
            assert work.outcome and work.ended_on
    outcomes = set(Intervention.objects.values_list("outcome", flat=True))
    assert {Outcome.COMPLETED, Outcome.ENDED_BY_FAMILY, Outcome.ENDED_BY_SERVICE} <= outcomes


def test_the_demo_keeps_the_rules_of_the_work(demo):
    today = timezone.localdate()
    for cycle in Cycle.objects.filter(status=CycleStatus.DONE).select_related("intervention"):
        first_consent = cycle.intervention.consents.aggregate(first=Min("given_on"))["first"]
        assert first_consent <= cycle.filmed_on <= cycle.reviewed_on <= today
        assert cycle.number <= OFFERED_CYCLES or cycle.intervention.more_cycles_agreed
    ratings = GoalRating.objects.aggregate(low=Min("rating"), high=Max("rating"))
    assert 0 <= ratings["low"] and ratings["high"] <= 10
    assert not Goal.objects.values("intervention").annotate(n=Count("pk")).filter(n__gt=3)
    completed = Goal.objects.filter(intervention__outcome=Outcome.COMPLETED)
    assert all(goal.ratings.filter(stage=RatingStage.END).exists() for goal in completed)


def test_the_demo_fills_the_reports_default_year(demo):
    today = timezone.localdate()
    period = Period(*default_period(today))
    figures = Figures(period, today=today, promise_days=promise_calendar_days(5))

    assert all(sum(counts.values()) > 0 for counts in figures.received.values())
    assert figures.outcomes["accepted"] and figures.outcomes["declined"]
    assert max(n for _, n in figures.decline_reasons) >= 5  # one reason is shown by name
    assert figures.journey_overall["filming_n"] >= 20
    assert figures.waiting_summary["families"] >= 3
    assert figures.cycles["families"] >= 20
    assert figures.goals["improved"] > 0 and figures.goals["worse"] > 0
    assert any(group["referrals"] < 5 for group in figures.by_district.values())
    assert sum(group["referrals"] > 4 for group in figures.by_district.values()) >= 5
    first_month = figures.journey_by_month[period.months[0]]
    assert first_month["contact_n"] and first_month["allocation_n"]
    assert period.start <= today - datetime.timedelta(days=330)


def test_setting_up_the_demo_again_adds_nothing(demo):
    counts = (Referral.objects.count(), Intervention.objects.count(), Cycle.objects.count())
    assert demo_cases.setup_cases() == 0
    assert (Referral.objects.count(), Intervention.objects.count(), Cycle.objects.count()) == counts
