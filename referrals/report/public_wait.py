"""The current wait the public sees: "Most families start within about N weeks".

Worked out away from any visitor's request (the worker once a day, `manage.py
update_public_wait`, setup_demo) and kept in home's one-row PublicWait, which the public pages
read once per content version. In words a Manager can repeat (docs/staff-guide.md):

- take every family whose first filming took place in the last six months (182 days up to and
  including today): the earliest of their cycles with a filming date on or before today that
  was not cancelled and did not end in "did not attend", the same first filming the service
  report counts;
- for each, count the days from the day the referral came in to that first filming;
- take the middle of those waits (the median: with an even number of families, halfway between
  the middle two), and round it UP to whole weeks, so the words never promise less than the
  middle family waited;
- with fewer than five families the weeks are not kept at all, and the public is asked to phone.
"""

import datetime
import math

from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from home.models.wait import MIN_FAMILIES, PublicWait
from referrals.cases.working_days import local_date
from referrals.models import Referral
from referrals.models.casework import CycleStatus
from referrals.report.expressions import DaysBetween, Percentile

WINDOW = datetime.timedelta(days=182)  # six months, counted the same way whatever the month


def weeks_for(median_days):
    """The median wait in days, rounded up to whole weeks (and never less than one)."""
    return max(1, math.ceil(median_days / 7))


def wait_figures(*, today):
    """{"families": n, "median_days": days or None} over the families whose first filming was
    in the WINDOW up to `today`: one query, whatever the number of cases."""
    took_place = Q(intervention__cycles__filmed_on__lte=today) & ~Q(
        intervention__cycles__status__in=[CycleStatus.CANCELLED, CycleStatus.DID_NOT_ATTEND]
    )
    started = (
        Referral.objects.annotate(
            first_filmed=Min("intervention__cycles__filmed_on", filter=took_place)
        )
        .filter(first_filmed__gte=today - WINDOW, first_filmed__lte=today)
        .annotate(days=DaysBetween(TruncDate("received_at"), F("first_filmed")))
    )
    figures = started.aggregate(families=Count("pk"), median_days=Percentile("days", 0.5))
    return {"families": figures["families"] or 0, "median_days": figures["median_days"]}


@transaction.atomic
def update_public_wait(*, now=None):
    """Work the current wait out afresh and keep it (home.PublicWait); return the row.

    Run by the system (the worker, a command), not by a person: there is no one to check a
    permission for, and no case changes, so nothing goes in any case's history. Saving the row
    starts a new content version (home.signals), so cached public pages show it at once."""
    now = now or timezone.now()
    figures = wait_figures(today=local_date(now))
    enough = figures["families"] >= MIN_FAMILIES and figures["median_days"] is not None
    wait, _ = PublicWait.objects.update_or_create(
        pk=PublicWait.ONE,
        defaults={
            "weeks": weeks_for(figures["median_days"]) if enough else None,
            "families": figures["families"],
            "worked_out_at": now,
        },
    )
    return wait


def update_public_wait_if_due(*, now=None):
    """Work the wait out when it has not been yet today (in the site's time zone): the worker
    asks every hour, so the figure is a day old at most and is worked out once a day, however
    many workers run or restart. Returns the new row, or None when it was not due."""
    now = now or timezone.now()
    latest = PublicWait.latest()
    if latest is not None and local_date(latest.worked_out_at) >= local_date(now):
        return None
    return update_public_wait(now=now)
