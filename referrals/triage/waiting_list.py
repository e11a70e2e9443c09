"""Selectors: the waiting list (accepted families awaiting a VIG Guider) in order, and when each
can expect to be allocated.

The order: families with priority first, then the longest waiting since they were accepted.

The estimate, in the words the waiting-list screen and the staff guide use:
- Free capacity now: for each active VIG Guider, their capacity less the families they have
  now (never below nothing), added up. That many families at the top of the list can be
  allocated today.
- After that, a family is allocated when another family's work ends. The service's recent pace
  is the number of allocated families whose case was closed in the last 26 weeks (six months),
  divided by 26: families a week.
- Over capacity: a Guider with more families than their capacity frees no place for the list
  when one of their families' work ends; it only brings them back to their capacity. So every
  family beyond a Guider's capacity, added up over the Guiders, has to close before the list
  moves at all.
- The family at place k, beyond the free capacity, is estimated at today plus
  (k - free capacity + over capacity) / pace weeks, rounded up to whole weeks. The sum is done
  in whole numbers ((k - free + over) x 26 / closures, rounded up), so 15 families at 15
  closures in 26 weeks is exactly 26 weeks, never 27 from a fraction's rounding.
- When no allocated family's case was closed in those 26 weeks there is no pace to go on, and
  the estimate says so instead of guessing.

Three queries, however many families wait: the Guiders' loads, the list, and the closures.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F
from django.db.models.functions import Coalesce

from referrals.cases.working_days import local_date, start_of_local_day
from referrals.models import Referral, ReferralStatus
from referrals.triage import capacity

PACE_WEEKS = 26  # six months
NO_ESTIMATE = "Not enough recent closures to estimate"


def waiting_referrals():
    """Accepted referrals awaiting a VIG Guider, in the list's order, with `accepted_at`."""
    return (
        Referral.objects.filter(status=ReferralStatus.ACCEPTED)
        .annotate(accepted_at=Coalesce(F("status_changed_at"), F("received_at")))
        .order_by("-priority", "accepted_at", "pk")
    )


def closed_recently(today):
    """Allocated families whose case was closed in the PACE_WEEKS weeks up to `today`."""
    since = start_of_local_day(today - timedelta(weeks=PACE_WEEKS))
    return Referral.objects.filter(
        status=ReferralStatus.CLOSED, guider__isnull=False, closed_at__gte=since
    ).count()


def estimate(position, *, free, closed, today, over=0):
    """The estimated allocation date of the family at `position` (1 is the top), or None when
    there is no recent pace to go on. `closed` is the closures in the last PACE_WEEKS weeks,
    `over` the families the Guiders have beyond their capacity (they close before the list
    moves). Whole-number arithmetic: weeks = ceil((position - free + over) * PACE_WEEKS /
    closed)."""
    if position <= free:
        return today
    if not closed:
        return None
    ahead = position - free + over
    return today + timedelta(weeks=-(-ahead * PACE_WEEKS // closed))


@dataclass
class Place:
    referral: Referral
    position: int
    waited: int  # days since accepted
    estimate: object  # a date, or None

    @property
    def estimate_text(self):
        return f"{self.estimate:%-d %B %Y}" if self.estimate else NO_ESTIMATE


@dataclass
class WaitingList:
    places: list
    loads: list
    free: int
    closed: int
    today: object
    over: int = 0

    @property
    def pace(self):
        """Families closed a week, over the last PACE_WEEKS weeks."""
        return self.closed / PACE_WEEKS

    @property
    def pace_text(self):
        return f"{self.pace:.1f}".rstrip("0").rstrip(".")

    def explanation(self):
        """How the estimates were worked out, in words a Manager can repeat."""
        guiders = len(self.loads)
        lines = [
            f"Free capacity now: {self.free} "
            f"{'family' if self.free == 1 else 'families'}. For each of the {guiders} active VIG "
            "Guiders, their capacity less the families they have now, added up. Up to "
            f"{self.free} at the top of the list can be allocated today.",
            f"Recent pace: {self.closed} allocated "
            f"{'family' if self.closed == 1 else 'families'} closed in the last {PACE_WEEKS} "
            f"weeks (six months), so about {self.pace_text} a week.",
        ]
        if self.over:
            lines.append(
                f"Over capacity: {self.over} "
                f"{'family' if self.over == 1 else 'families'} beyond their VIG Guider's "
                "capacity. When one of them closes, their Guider is back nearer their capacity "
                "but no place is free for the list, so these close first: they are added to "
                "the families ahead of everyone beyond the free places."
            )
        if self.closed:
            lines.append(
                "After the free places, each family's estimate is today plus the families "
                "ahead of them beyond the free places (and any over capacity) divided by the "
                "pace, rounded up to whole weeks."
            )
        else:
            lines.append(
                "No allocated family's case was closed in that time, so there is no pace to "
                f"go on: beyond the free places the estimate says “{NO_ESTIMATE.lower()}”."
            )
        lines.append(
            "Priority families come first, then the longest waiting since they were accepted. "
            "An estimate is a guide for the team, not a promise to the family."
        )
        return lines


def waiting_list(today=None):
    today = today or local_date()
    loads = capacity.guider_loads()
    free = capacity.free_capacity(loads)
    over = capacity.over_capacity(loads)
    closed = closed_recently(today)
    places = [
        Place(
            referral=referral,
            position=position,
            waited=(today - local_date(referral.accepted_at)).days,
            estimate=estimate(position, free=free, closed=closed, today=today, over=over),
        )
        for position, referral in enumerate(waiting_referrals(), start=1)
    ]
    return WaitingList(places=places, loads=loads, free=free, closed=closed, today=today, over=over)
