"""The service report's figures, each counted by the database in a query or two.

Every function takes the reporting period (and today's date where "now" matters) and returns
plain numbers keyed by month, outcome, band or group: never case rows. The number of queries
is the same whatever the number of cases; only the longest waits (a fixed number of rows) and
the waiting list's download return references.

Anonymised cases keep what is counted here (dates, statuses, the postcode district, the year of
birth), so they are counted like any other.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, Trim, TruncDate, TruncMonth

from referrals.cases.working_days import start_of_local_day
from referrals.models import CaseEvent, Enquiry, Referral, ReferralStatus
from referrals.models.casework import (
    RELIABLE_CHANGE,
    CycleStatus,
    Goal,
    Intervention,
    Outcome,
    RatingStage,
)
from referrals.report.expressions import DaysBetween, Percentile, age_band, postcode_district

R = ReferralStatus
LONGEST_WAITS_SHOWN = 25
# Waiting-time bands for the waiting list: (label, first day, last day or None).
WAIT_BANDS = (
    ("Under 2 weeks", 0, 13),
    ("2 to 4 weeks", 14, 27),
    ("4 to 8 weeks", 28, 55),
    ("8 to 13 weeks", 56, 90),
    ("13 to 26 weeks", 91, 181),
    ("26 weeks or more", 182, None),
)
CYCLE_BINS = (0, 1, 2, 3, 4)  # and "5 or more"
JOURNEY_STEPS = ("contact", "allocation", "filming")


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included, in the site's time zone."""

    start: datetime.date
    end: datetime.date

    @property
    def since(self):
        return start_of_local_day(self.start)

    @property
    def until(self):
        return start_of_local_day(self.end + datetime.timedelta(days=1))

    @property
    def months(self):
        """The first day of every month the period touches, in order."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months

    def received(self, queryset):
        return queryset.filter(received_at__gte=self.since, received_at__lt=self.until)


def _status_event(status):
    return CaseEvent.objects.filter(referral=OuterRef("pk"), to_status=status)


def reached(status):
    """The referral was at some time moved to `status` (its history says so)."""
    return Exists(_status_event(status))


def first_reached(status):
    return Subquery(_status_event(status).order_by("created_at").values("created_at")[:1])


def last_reached(status):
    return Subquery(_status_event(status).order_by("-created_at").values("created_at")[:1])


def month_of(field):
    return TruncMonth(field, output_field=DateField())


class Figures:
    """The report's numbers for one period, each counted once when first asked for."""

    def __init__(self, period, *, today, promise_days):
        self.period = period
        self.today = today
        self.promise_days = promise_days  # calendar days the contact-by promise allows

    # Received ---------------------------------------------------------------------------------

    @cached_property
    def received(self):
        """{month: {"self": n, "professional": n, "enquiry": n}}"""
        counts = {
            month: {"self": 0, "professional": 0, "enquiry": 0} for month in self.period.months
        }
        referrals = (
            self.period.received(Referral.objects)
            .annotate(month=month_of("received_at"))
            .values("month", "kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in referrals:
            counts.setdefault(row["month"], {"self": 0, "professional": 0, "enquiry": 0})
            counts[row["month"]][row["kind"]] = row["n"]
        enquiries = (
            self.period.received(Enquiry.objects)
            .annotate(month=month_of("received_at"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in enquiries:
            counts.setdefault(row["month"], {"self": 0, "professional": 0, "enquiry": 0})
            counts[row["month"]]["enquiry"] = row["n"]
        return dict(sorted(counts.items()))

    # Triage -----------------------------------------------------------------------------------

    @cached_property
    def outcomes(self):
        """{"accepted": n, "declined": n, "in_triage": n} for referrals received in the period.

        Accepted: ever accepted (so also those since allocated or closed); declined: declined
        and never accepted; in triage: neither yet (new, under review, needs information).
        """
        rows = (
            self.period.received(Referral.objects)
            .annotate(
                outcome=Case(
                    When(reached(R.ACCEPTED), then=Value("accepted")),
                    When(reached(R.DECLINED), then=Value("declined")),
                    default=Value("in_triage"),
                    output_field=CharField(),
                )
            )
            .values("outcome")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {"accepted": 0, "declined": 0, "in_triage": 0}
        counts.update({row["outcome"]: row["n"] for row in rows})
        return counts

    @cached_property
    def decline_reasons(self):
        """[(reason as written, n)], most given first; the same words in any case are one."""
        rows = (
            self.period.received(Referral.objects)
            .filter(reached(R.DECLINED))
            .annotate(key=Lower(Trim("decline_reason")))
            .values("key")
            .annotate(n=Count("pk"), reason=Min("decline_reason"))
            .order_by("-n", "key")
        )
        return [(row["reason"].strip(), row["n"]) for row in rows]

    # Waiting times ----------------------------------------------------------------------------

    def _journey(self):
        """One row per referral received in the period: its month and the days to each step.

        The first filming is an aggregate (the earliest of the family's filmed cycles), so
        Django counts over these rows from a subquery: each row's days are worked out once,
        however many figures use them."""
        filmed = Q(intervention__cycles__filmed_on__lte=self.today) & ~Q(
            intervention__cycles__status__in=[CycleStatus.CANCELLED, CycleStatus.DID_NOT_ATTEND]
        )
        return self.period.received(Referral.objects).annotate(
            month=month_of("received_at"),
            received_on=TruncDate("received_at"),
            first_filmed=Min("intervention__cycles__filmed_on", filter=filmed),
            contact_days=DaysBetween(F("received_on"), F("intervention__first_contact_on")),
            allocation_days=DaysBetween(F("received_on"), TruncDate(first_reached(R.ALLOCATED))),
            filming_days=DaysBetween(F("received_on"), F("first_filmed")),
        )

    def _journey_aggregates(self, suffix="", only=None):
        """The waiting-time figures, of the rows `only` selects (a Q) when given."""

        def where(condition=None):
            parts = [part for part in (only, condition) if part is not None]
            if not parts:
                return None
            combined = parts[0]
            for part in parts[1:]:
                combined &= part
            return combined

        figures = {f"referrals{suffix}": Count("pk", filter=where())}
        for step in JOURNEY_STEPS:
            field = f"{step}_days"
            figures[f"{step}_n{suffix}"] = Count(field, filter=where())
            figures[f"{step}_median{suffix}"] = Percentile(field, 0.5, filter=where())
            figures[f"{step}_p90{suffix}"] = Percentile(field, 0.9, filter=where())
        figures[f"contact_in_time{suffix}"] = Count(
            "pk", filter=where(Q(contact_days__lte=self.promise_days))
        )
        return figures

    @cached_property
    def _journey_figures(self):
        """Every month's figures and the whole period's, in one query."""
        aggregates = self._journey_aggregates()
        for index, month in enumerate(self.period.months):
            aggregates.update(self._journey_aggregates(f"__{index}", Q(month=month)))
        return self._journey().aggregate(**aggregates)

    @cached_property
    def journey_by_month(self):
        """{month: {referrals, contact_n, contact_median, contact_p90, contact_in_time, …}}"""
        figures = self._journey_figures
        return {
            month: {name: figures[f"{name}__{index}"] for name in self._journey_aggregates()}
            for index, month in enumerate(self.period.months)
        }

    @cached_property
    def journey_overall(self):
        figures = self._journey_figures
        return {name: figures[name] for name in self._journey_aggregates()}

    # Waiting list now -------------------------------------------------------------------------

    def _waiting(self):
        accepted = Coalesce(last_reached(R.ACCEPTED), F("received_at"))
        return Referral.objects.filter(status=R.ACCEPTED).annotate(
            accepted_on=TruncDate(accepted),
            waited=DaysBetween(F("accepted_on"), Value(self.today)),
            since_referral=DaysBetween(TruncDate("received_at"), Value(self.today)),
        )

    @cached_property
    def waiting_summary(self):
        bands = {
            f"band_{index}": Count(
                "pk",
                filter=Q(waited__gte=low) & (Q() if high is None else Q(waited__lte=high)),
            )
            for index, (_, low, high) in enumerate(WAIT_BANDS)
        }
        figures = self._waiting().aggregate(
            families=Count("pk"),
            median=Percentile("waited", 0.5),
            longest=Max("waited"),
            median_since_referral=Percentile("since_referral", 0.5),
            **bands,
        )
        figures["bands"] = [
            (label, figures.pop(f"band_{index}")) for index, (label, _, _) in enumerate(WAIT_BANDS)
        ]
        return figures

    def waiting_families(self, limit=None):
        """The families waiting, longest first: reference, received, accepted, days waited."""
        rows = self._waiting().order_by("-waited", "received_at", "pk")
        rows = rows.values(
            "pk", "reference", "received_at", "accepted_on", "waited", "since_referral"
        )
        return list(rows[:limit] if limit else rows)

    @cached_property
    def longest_waits(self):
        return self.waiting_families(LONGEST_WAITS_SHOWN)

    # Endings ----------------------------------------------------------------------------------

    @cached_property
    def endings(self):
        """{outcome value or "": n} for allocated families whose work ended in the period ("":
        the case was closed without an ending recorded)."""
        rows = (
            Referral.objects.filter(reached(R.ALLOCATED))
            .annotate(ended=Coalesce(F("intervention__ended_on"), TruncDate("closed_at")))
            .filter(ended__gte=self.period.start, ended__lte=self.period.end)
            .filter(Q(status=R.CLOSED) | Q(intervention__ended_on__isnull=False))
            .values(result=Coalesce(F("intervention__outcome"), Value("")))
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = dict.fromkeys(["", *Outcome.values], 0)
        for row in rows:
            counts[row["result"]] += row["n"]
        return counts

    @cached_property
    def cycles(self):
        """Completed interventions ended in the period: how many had 0, 1, … 5+ cycles done."""
        bins = {f"c{n}": Count("pk", filter=Q(done=n)) for n in CYCLE_BINS}
        figures = (
            Intervention.objects.filter(
                outcome=Outcome.COMPLETED,
                ended_on__gte=self.period.start,
                ended_on__lte=self.period.end,
            )
            .annotate(done=Count("cycles", filter=Q(cycles__status=CycleStatus.DONE)))
            .aggregate(
                families=Count("pk"),
                mean=Avg("done"),
                median=Percentile("done", 0.5),
                more=Count("pk", filter=Q(done__gt=CYCLE_BINS[-1])),
                **bins,
            )
        )
        figures["bins"] = [(n, figures.pop(f"c{n}")) for n in CYCLE_BINS]
        return figures

    # Goals ------------------------------------------------------------------------------------

    @cached_property
    def goals(self):
        """Goals of families whose work ended in the period, rated at the start and the end."""
        return (
            Goal.objects.filter(
                intervention__ended_on__gte=self.period.start,
                intervention__ended_on__lte=self.period.end,
            )
            .annotate(
                start=Min("ratings__rating", filter=Q(ratings__stage=RatingStage.START)),
                end=Max("ratings__rating", filter=Q(ratings__stage=RatingStage.END)),
                family=Min("intervention_id"),
            )
            .filter(start__isnull=False, end__isnull=False)
            .annotate(change=F("end") - F("start"))
            .aggregate(
                goals=Count("pk"),
                families=Count("family", distinct=True),
                start_median=Percentile("start", 0.5),
                end_median=Percentile("end", 0.5),
                change_median=Percentile("change", 0.5),
                improved=Count("pk", filter=Q(change__gte=RELIABLE_CHANGE)),
                worse=Count("pk", filter=Q(change__lte=-RELIABLE_CHANGE)),
            )
        )

    # Groups -----------------------------------------------------------------------------------

    def _by(self, group):
        rows = (
            self.period.received(Referral.objects)
            .annotate(group=group)
            .values("group")
            .annotate(
                referrals=Count("pk"),
                accepted=Count("pk", filter=reached(R.ACCEPTED)),
                completed=Count("pk", filter=Q(intervention__outcome=Outcome.COMPLETED)),
            )
            .order_by("group")
        )
        return {row.pop("group"): row for row in rows}

    @cached_property
    def by_district(self):
        return self._by(postcode_district())

    @cached_property
    def by_age_band(self):
        return self._by(age_band(F("child_date_of_birth"), TruncDate("received_at")))


__all__ = ["CYCLE_BINS", "JOURNEY_STEPS", "LONGEST_WAITS_SHOWN", "WAIT_BANDS", "Figures", "Period"]
