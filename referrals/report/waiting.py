"""The waiting list over time and the VIG Guiders' loads, for the service report and the
Managers' dashboard: counts only, each read in one query, with the report's small-number
suppression (referrals.report.tables).

The waiting list's length at a moment is worked out from the case history: the referrals moved
to "Accepted" before that moment, less those moved on from "Accepted" (allocated, or back to
triage) before it. Every move is in the history, so no snapshot needs keeping.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from referrals.cases.working_days import start_of_local_day
from referrals.models import CaseEvent, ReferralStatus
from referrals.report.tables import FEWER_THAN_5, SMALL_GROUP, suppress
from referrals.triage.capacity import guider_loads

ACCEPTED = ReferralStatus.ACCEPTED


def waiting_at(moments):
    """How many families were waiting for a VIG Guider at each of `moments`, in one query."""
    if not moments:
        return []
    figures = {}
    for index, moment in enumerate(moments):
        figures[f"in_{index}"] = Count("pk", filter=Q(to_status=ACCEPTED, created_at__lt=moment))
        figures[f"out_{index}"] = Count("pk", filter=Q(from_status=ACCEPTED, created_at__lt=moment))
    row = (
        CaseEvent.objects.filter(referral__isnull=False)
        .filter(Q(to_status=ACCEPTED) | Q(from_status=ACCEPTED))
        .aggregate(**figures)
    )
    return [row[f"in_{index}"] - row[f"out_{index}"] for index in range(len(moments))]


def month_ends(first_months, last_day):
    """The last day of each month in `first_months` (their first days), up to `last_day`."""
    ends = []
    for month in first_months:
        if month > last_day:
            break
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        ends.append(min(following - datetime.timedelta(days=1), last_day))
    return ends


def length_by_month(months, last_day):
    """[(day, families waiting at the end of that day)] for the end of each month up to
    `last_day` (the last one is `last_day` itself when the month is not over)."""
    days = month_ends(months, last_day)
    moments = [start_of_local_day(day + datetime.timedelta(days=1)) for day in days]
    return list(zip(days, waiting_at(moments), strict=True))


def shown(count):
    """A count as it may be shown: "fewer than 5" for 1 to 4."""
    return FEWER_THAN_5 if 0 < count < SMALL_GROUP else count


@dataclass(frozen=True)
class Loads:
    rows: list  # [name, families (or words), capacity]
    families: object  # all Guiders' families (or words)
    capacity: int
    guiders: int


def loads_shown():
    """Each active VIG Guider's families now against their capacity, suppressed as the report's
    tables are: 1 to 4 families is "fewer than 5", and when only one Guider's count is hidden
    the next smallest is too, so it cannot be worked out from the total."""
    loads = guider_loads()
    families = suppress([[load.families] for load in loads])
    rows = [
        [load.name, counts[0], load.capacity] for load, counts in zip(loads, families, strict=True)
    ]
    total = sum(load.families for load in loads)
    return Loads(
        rows=rows,
        families=shown(total),
        capacity=sum(load.capacity for load in loads),
        guiders=len(loads),
    )
