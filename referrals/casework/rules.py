"""The rules of the work with a family, each named, each with its own test.

A cycle's dates and consent (`CYCLE_RULES`) and the ending of the work (`ENDING_RULES`) are
lists of small rules, checked in order; the first one broken raises CaseworkError with the
field it is about, so the page shows its message next to that field. The services
(referrals.casework.services) lock the case, check these and write.
"""

from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property

from django.utils import timezone

from referrals.casework import caseload
from referrals.models import ReferralStatus
from referrals.models.casework import OFFERED_CYCLES, CycleStatus, Outcome
from referrals.triage.errors import WorkflowError

__all__ = [
    "CYCLE_RULES",
    "ENDING_RULES",
    "CaseworkError",
    "Ending",
    "WORK_STATUSES",
    "ProposedCycle",
    "active_consents",
    "check_cycle",
    "check_ending",
    "check_rating",
    "date_text",
    "not_future",
    "planned_cycles_not_filmed",
    "time_text",
]


# Casework is recorded, and sessions are reminded of, while a family is accepted or allocated.
WORK_STATUSES = (ReferralStatus.ACCEPTED, ReferralStatus.ALLOCATED)


class CaseworkError(WorkflowError):
    """A record the rules of the work do not allow; the message is safe to show."""


def date_text(value):
    return f"{value:%-d %B %Y}" if value else ""


def time_text(value):
    """' at 14:30' for a session's time, '' for none."""
    return f" at {value:%H:%M}" if value else ""


def not_future(value, field, what, today=None):
    if value and value > (today or timezone.localdate()):
        raise CaseworkError(f"{what} cannot be in the future.", field=field)


def check_rating(rating, field):
    if rating is None or not 0 <= rating <= 10:
        raise CaseworkError("Give a rating from 0 (not at all met) to 10 (fully met).", field=field)


def active_consents(intervention, on):
    """Consents in force on date `on`: given on or before it, not withdrawn by then."""
    return _in_force(intervention.consents.all(), on)


def _in_force(consents, on):
    return [
        consent
        for consent in consents
        if consent.given_on <= on and (consent.withdrawn_on is None or consent.withdrawn_on > on)
    ]


# A cycle --------------------------------------------------------------------------------------


@dataclass
class ProposedCycle:
    """Cycle `number` of `intervention` as the Guider is about to save it."""

    intervention: object
    number: int
    filmed_on: date | None = None
    reviewed_on: date | None = None
    status: str = CycleStatus.PLANNED
    filming_time: time | None = None
    review_time: time | None = None
    today: date = field(default_factory=timezone.localdate)

    @cached_property
    def consents(self):
        return list(self.intervention.consents.all())

    @property
    def consents_in_force(self):
        """Consents in force on the filming date."""
        return _in_force(self.consents, self.filmed_on)

    def dates_text(self):
        """', filmed 9 March 2026 at 14:30, reviewed …' for the history ('' without dates)."""
        dates = []
        if self.filmed_on:
            dates.append(f"filmed {date_text(self.filmed_on)}{time_text(self.filming_time)}")
        if self.reviewed_on:
            dates.append(f"reviewed {date_text(self.reviewed_on)}{time_text(self.review_time)}")
        return f", {', '.join(dates)}" if dates else ""

    @property
    def filming_counts(self):
        """A filming date on a cycle that is done or still planned (not one cancelled)."""
        return bool(self.filmed_on) and self.status in (CycleStatus.DONE, CycleStatus.PLANNED)


def more_cycles_are_agreed_first(cycle):
    """Three cycles are offered; a fourth or later needs more cycles agreed, and why."""
    if cycle.number > OFFERED_CYCLES and not cycle.intervention.more_cycles_agreed:
        raise CaseworkError(
            f"{OFFERED_CYCLES} cycles are offered. Record that more cycles were agreed, and "
            "why, before adding cycle 4 or later.",
            field="number",
        )


def a_time_needs_its_date(cycle):
    """A session's time means nothing without its day (the family's reminder needs both)."""
    if cycle.filming_time and not cycle.filmed_on:
        raise CaseworkError(
            "Enter the filming date as well as its time, or leave the time empty.",
            field="filmed_on",
        )
    if cycle.review_time and not cycle.reviewed_on:
        raise CaseworkError(
            "Enter the shared review date as well as its time, or leave the time empty.",
            field="reviewed_on",
        )


def review_needs_a_filming(cycle):
    if cycle.reviewed_on and not cycle.filmed_on:
        raise CaseworkError("Add the filming date before the shared review.", field="filmed_on")


def review_is_not_before_filming(cycle):
    if cycle.reviewed_on and cycle.filmed_on and cycle.reviewed_on < cycle.filmed_on:
        raise CaseworkError(
            "The shared review must be on or after the filming date.", field="reviewed_on"
        )


def done_means_filmed_and_reviewed(cycle):
    if cycle.status == CycleStatus.DONE and not (cycle.filmed_on and cycle.reviewed_on):
        raise CaseworkError(
            "A cycle is done when it has been filmed and reviewed: add both dates.",
            field="reviewed_on" if cycle.filmed_on else "filmed_on",
        )


def done_is_in_the_past(cycle):
    if cycle.status == CycleStatus.DONE:
        what = "A {} date of a cycle marked done"
        not_future(cycle.filmed_on, "filmed_on", what.format("filming"), cycle.today)
        not_future(cycle.reviewed_on, "reviewed_on", what.format("review"), cycle.today)


def no_filming_after_consent_withdrawn(cycle):
    """Once every consent is withdrawn, nothing is filmed on or after the first withdrawal."""
    if not cycle.filming_counts:
        return
    withdrawn = [c.withdrawn_on for c in cycle.consents if c.withdrawn_on]
    if withdrawn and not cycle.consents_in_force and cycle.filmed_on >= min(withdrawn):
        raise CaseworkError(
            f"Consent to filming was withdrawn on {date_text(max(withdrawn))}: no more filming.",
            field="filmed_on",
        )


def filming_needs_consent_in_force(cycle):
    """A filming that took place (a done cycle, or a planned one whose date has come) had
    consent in force that day. A planned filming may be booked before consent is recorded."""
    if not cycle.filming_counts:
        return
    filmed = cycle.status == CycleStatus.DONE or cycle.filmed_on <= cycle.today
    if filmed and not cycle.consents_in_force:
        raise CaseworkError(
            "No consent to filming was in force on that date: record the family's consent "
            "first (nothing can be filmed without it).",
            field="status" if cycle.status == CycleStatus.DONE else "filmed_on",
        )


CYCLE_RULES = (
    more_cycles_are_agreed_first,
    a_time_needs_its_date,
    review_needs_a_filming,
    review_is_not_before_filming,
    done_means_filmed_and_reviewed,
    done_is_in_the_past,
    no_filming_after_consent_withdrawn,
    filming_needs_consent_in_force,
)


def check_cycle(cycle):
    """Raise CaseworkError for the first rule `cycle` (a ProposedCycle) breaks."""
    for rule in CYCLE_RULES:
        rule(cycle)


# The ending -----------------------------------------------------------------------------------


@dataclass
class Ending:
    """How the Guider says the work with `referral`'s family ended."""

    referral: object
    intervention: object
    outcome: str
    ended_on: date
    final_ratings: dict = field(default_factory=dict)  # {goal: rating or None}
    feedback_helpful: int | None = None
    today: date = field(default_factory=timezone.localdate)

    @cached_property
    def cycles(self):
        return list(self.intervention.cycles.all())

    @cached_property
    def goals(self):
        return list(self.intervention.goals.all())


def only_an_allocated_familys_work_ends(ending):
    if ending.referral.status != ReferralStatus.ALLOCATED:
        raise CaseworkError("Only an allocated family's work can be ended.")


def ends_today_or_before(ending):
    not_future(ending.ended_on, "ended_on", "The end date", ending.today)


def ends_after_the_first_filming(ending):
    """Only a filming that has taken place (caseload.was_filmed) holds the end date back, so
    a family may stop before its first one."""
    filmings = sorted(
        c.filmed_on for c in ending.cycles if c.filmed_on and caseload.was_filmed(c, ending.today)
    )
    if filmings and ending.ended_on < filmings[0]:
        raise CaseworkError(
            f"The work cannot end before its first filming ({date_text(filmings[0])}).",
            field="ended_on",
        )


def completed_work_rates_every_goal(ending):
    """A completed intervention has a final rating for every goal; one that ended early may
    have none (the family may not be there to give them)."""
    if ending.outcome != Outcome.COMPLETED:
        return
    for goal in ending.goals:
        if ending.final_ratings.get(goal) is None:
            raise CaseworkError(
                "Give the family's final rating for every goal.", field=f"goal_{goal.number}"
            )


def final_ratings_are_0_to_10(ending):
    for goal, rating in ending.final_ratings.items():
        if rating is not None:
            check_rating(rating, f"goal_{goal.number}")


def feedback_is_1_to_5(ending):
    if ending.feedback_helpful is not None and not 1 <= ending.feedback_helpful <= 5:
        raise CaseworkError("Give a number from 1 to 5.", field="feedback_helpful")


ENDING_RULES = (
    only_an_allocated_familys_work_ends,
    ends_today_or_before,
    ends_after_the_first_filming,
    completed_work_rates_every_goal,
    final_ratings_are_0_to_10,
    feedback_is_1_to_5,
)


def check_ending(ending):
    """Raise CaseworkError for the first rule `ending` (an Ending) breaks."""
    for rule in ENDING_RULES:
        rule(ending)


def planned_cycles_not_filmed(ending):
    """Planned cycles not filmed by the end: they will not happen, and are cancelled."""
    return [
        cycle
        for cycle in ending.cycles
        if cycle.status == CycleStatus.PLANNED and not caseload.was_filmed(cycle, ending.today)
    ]
