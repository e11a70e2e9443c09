"""The VIG Guider's casework with a family: first contact, consent to filming, goals and their
ratings, cycles, more cycles, footage deletion and the ending.

Each service checks who may act (the Guider allocated to the family, or a Manager; first
contact also any triage officer), checks the rules of the work, records what changed in the
case history and Wagtail's audit log, and raises CaseworkError with the field it is about, so
the page can show the message next to that field with what was typed kept. Free text the
family wrote (goals) never goes into the history.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from referrals.cases import audit
from referrals.casework import caseload
from referrals.models import CaseEvent, CaseEventAction, ReferralStatus
from referrals.models.casework import (
    MAX_CYCLES,
    MAX_GOALS,
    OFFERED_CYCLES,
    ConsentCovers,
    Cycle,
    CycleStatus,
    FilmingConsent,
    Goal,
    GoalRating,
    Intervention,
    Outcome,
    RatingStage,
)
from referrals.triage import services as triage
from referrals.triage.services import WorkflowError

RECORD_CASEWORK = "referrals.record_casework"
RECORD_ANY_CASEWORK = "referrals.record_any_casework"  # Managers
# Casework starts once a family is accepted; it is read-only again once the case is closed,
# except for recording that the footage was deleted.
WORK_STATUSES = (ReferralStatus.ACCEPTED, ReferralStatus.ALLOCATED)
CONTACT_STATUSES = (
    ReferralStatus.UNDER_REVIEW,
    ReferralStatus.NEEDS_INFORMATION,
    ReferralStatus.ACCEPTED,
    ReferralStatus.ALLOCATED,
)


class CaseworkError(WorkflowError):
    """A record the rules of the work do not allow; the message is safe to show."""


def can_record(user, referral):
    """The allocated VIG Guider, or a Manager (a triage officer who is also a Guider records
    only for their own families)."""
    if user is None or not user.is_active or not user.has_perm(RECORD_CASEWORK):
        return False
    return referral.guider_id == user.pk or user.has_perm(RECORD_ANY_CASEWORK)


def can_record_first_contact(user, referral):
    return user is not None and (
        user.has_perm("referrals.change_referral") or can_record(user, referral)
    )


def _require(allowed):
    if not allowed:
        raise PermissionDenied("You do not have permission to record this family's casework.")


def _in_work(referral):
    if referral.status not in WORK_STATUSES:
        raise CaseworkError(
            "Casework can be recorded only while the family is accepted or allocated "
            f"(this referral is “{referral.get_status_display()}”)."
        )


def _not_future(value, field, what):
    if value and value > timezone.localdate():
        raise CaseworkError(f"{what} cannot be in the future.", field=field)


def _date(value):
    return f"{value:%-d %B %Y}" if value else ""


def _record(referral, by, detail):
    CaseEvent.objects.create(
        referral=referral, action=CaseEventAction.CASEWORK, actor=by, detail=detail
    )
    audit.log_case(referral, audit.CASEWORK, user=by, data={"what": detail[:100]})


def intervention_for(referral):
    intervention, _ = Intervention.objects.get_or_create(referral=referral)
    return intervention


def _locked(referral):
    return type(referral).objects.select_for_update().get(pk=referral.pk)


# First contact --------------------------------------------------------------------------------


@transaction.atomic
def record_first_contact(*, referral, by, on):
    _require(can_record_first_contact(by, referral))
    referral = _locked(referral)
    if referral.status not in CONTACT_STATUSES:
        raise CaseworkError("First contact is recorded while the referral is being worked on.")
    _not_future(on, "first_contact_on", "The date of first contact")
    if on < timezone.localdate(referral.received_at):
        raise CaseworkError(
            "First contact cannot be before the referral arrived "
            f"({_date(timezone.localdate(referral.received_at))}).",
            field="first_contact_on",
        )
    intervention = intervention_for(referral)
    intervention.first_contact_on = on
    intervention.save(update_fields=["first_contact_on"])
    _record(referral, by, f"First contact with the family on {_date(on)}")
    return intervention


# Consent --------------------------------------------------------------------------------------


def active_consents(intervention, on):
    """Consents in force on date `on`: given on or before it, not withdrawn by then."""
    return [
        consent
        for consent in intervention.consents.all()
        if consent.given_on <= on and (consent.withdrawn_on is None or consent.withdrawn_on > on)
    ]


@transaction.atomic
def record_consent(*, referral, by, given_by, given_on, covers, keep_footage_until=None):
    _require(can_record(by, referral))
    referral = _locked(referral)
    _in_work(referral)
    _not_future(given_on, "given_on", "The date consent was given")
    if keep_footage_until and covers != ConsentCovers.TRAINING:
        raise CaseworkError(
            "Footage can be kept longer only with consent to supervision and training.",
            field="keep_footage_until",
        )
    if keep_footage_until and keep_footage_until < given_on:
        raise CaseworkError(
            "Keep the footage until a date after consent was given.", field="keep_footage_until"
        )
    consent = FilmingConsent.objects.create(
        intervention=intervention_for(referral),
        given_by=given_by,
        given_on=given_on,
        covers=covers,
        keep_footage_until=keep_footage_until,
        recorded_by=by,
    )
    _record(
        referral,
        by,
        f"Consent to filming: {consent.get_given_by_display()}, {_date(given_on)} "
        f"({consent.get_covers_display()})",
    )
    return consent


@transaction.atomic
def withdraw_consent(*, consent, by, on):
    referral = consent.intervention.referral
    _require(can_record(by, referral))
    _locked(referral)
    consent = FilmingConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on:
        raise CaseworkError("This consent was already withdrawn.", field="withdrawn_on")
    _not_future(on, "withdrawn_on", "The date consent was withdrawn")
    if on < consent.given_on:
        raise CaseworkError(
            f"Consent cannot be withdrawn before it was given ({_date(consent.given_on)}).",
            field="withdrawn_on",
        )
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    _record(
        referral,
        by,
        f"Consent to filming withdrawn on {_date(on)} ({consent.get_given_by_display()}): no "
        "more filming; the footage is due for deletion",
    )
    return consent


# Goals ----------------------------------------------------------------------------------------


@transaction.atomic
def add_goal(*, referral, by, text, start_rating, rated_on):
    _require(can_record(by, referral))
    referral = _locked(referral)
    _in_work(referral)
    intervention = intervention_for(referral)
    text = " ".join((text or "").split())
    if not text:
        raise CaseworkError("Write the goal in the family's own words.", field="text")
    count = intervention.goals.count()
    if count >= MAX_GOALS:
        raise CaseworkError(f"A family sets at most {MAX_GOALS} goals.", field="text")
    _check_rating(start_rating, "start_rating")
    _not_future(rated_on, "rated_on", "The date of the rating")
    goal = Goal.objects.create(intervention=intervention, number=count + 1, text=text)
    GoalRating.objects.create(
        goal=goal, stage=RatingStage.START, rating=start_rating, rated_on=rated_on
    )
    _record(referral, by, f"Goal {goal.number} agreed, rated {start_rating} out of 10 at the start")
    return goal


def _check_rating(rating, field):
    if rating is None or not 0 <= rating <= 10:
        raise CaseworkError("Give a rating from 0 (not at all met) to 10 (fully met).", field=field)


@transaction.atomic
def rate_goals(*, referral, by, stage, ratings, rated_on, cycle=None):
    """`ratings`: {goal: rating}. After a review (with its cycle) or at the end."""
    _require(can_record(by, referral))
    referral = _locked(referral)
    _in_work(referral)
    _not_future(rated_on, "rated_on", "The date of the rating")
    if stage == RatingStage.REVIEW and cycle is None:
        raise CaseworkError("Choose the cycle whose review this rating follows.", field="cycle")
    if stage == RatingStage.REVIEW and cycle.reviewed_on is None:
        raise CaseworkError(
            f"Cycle {cycle.number} has no shared review yet: record the review first.",
            field="cycle",
        )
    if stage == RatingStage.REVIEW and rated_on < cycle.reviewed_on:
        raise CaseworkError(
            f"Ratings after a review are on or after it ({_date(cycle.reviewed_on)}).",
            field="rated_on",
        )
    for goal, rating in ratings.items():
        _check_rating(rating, f"goal_{goal.number}")
    for goal, rating in ratings.items():
        GoalRating.objects.create(
            goal=goal, stage=stage, cycle=cycle, rating=rating, rated_on=rated_on
        )
    summary = ", ".join(f"goal {g.number}: {r}" for g, r in ratings.items())
    _record(referral, by, f"Goals rated ({RatingStage(stage).label.lower()}): {summary}")


# Cycles ---------------------------------------------------------------------------------------


def _check_cycle(intervention, *, number, filmed_on, reviewed_on, status):
    if number > OFFERED_CYCLES and not intervention.more_cycles_agreed:
        raise CaseworkError(
            f"{OFFERED_CYCLES} cycles are offered. Record that more cycles were agreed, and "
            "why, before adding cycle 4 or later.",
            field="number",
        )
    if reviewed_on and not filmed_on:
        raise CaseworkError("Add the filming date before the shared review.", field="filmed_on")
    if reviewed_on and filmed_on and reviewed_on < filmed_on:
        raise CaseworkError(
            "The shared review must be on or after the filming date.", field="reviewed_on"
        )
    if status == CycleStatus.DONE:
        if not (filmed_on and reviewed_on):
            raise CaseworkError(
                "A cycle is done when it has been filmed and reviewed: add both dates.",
                field="reviewed_on" if filmed_on else "filmed_on",
            )
        _not_future(filmed_on, "filmed_on", "A filming date of a cycle marked done")
        _not_future(reviewed_on, "reviewed_on", "A review date of a cycle marked done")
    if filmed_on and status in (CycleStatus.DONE, CycleStatus.PLANNED):
        consents = list(intervention.consents.all())
        in_force = active_consents(intervention, filmed_on)
        withdrawn = [c.withdrawn_on for c in consents if c.withdrawn_on]
        if withdrawn and not in_force and filmed_on >= min(withdrawn):
            raise CaseworkError(
                f"Consent to filming was withdrawn on {_date(max(withdrawn))}: no more filming.",
                field="filmed_on",
            )
        filmed = status == CycleStatus.DONE or filmed_on <= timezone.localdate()
        if filmed and not in_force:
            raise CaseworkError(
                "No consent to filming was in force on that date: record the family's consent "
                "first (nothing can be filmed without it).",
                field="status" if status == CycleStatus.DONE else "filmed_on",
            )


@transaction.atomic
def save_cycle(
    *,
    referral,
    by,
    number,
    location,
    status=CycleStatus.PLANNED,
    filmed_on=None,
    reviewed_on=None,
    note="",
):
    """Change cycle `number`, or add the next cycle when `number` is None. Adding never
    replaces a cycle (a second tab's stale "Add" form): its number is chosen here."""
    _require(can_record(by, referral))
    referral = _locked(referral)
    _in_work(referral)
    intervention = intervention_for(referral)
    adding = number is None
    if adding:
        number = intervention.cycles.count() + 1
        if number > MAX_CYCLES:
            raise CaseworkError(f"A family has at most {MAX_CYCLES} cycles.", field="number")
    elif not intervention.cycles.filter(number=number).exists():
        raise CaseworkError(f"There is no cycle {number} to change.", field="number")
    _check_cycle(
        intervention, number=number, filmed_on=filmed_on, reviewed_on=reviewed_on, status=status
    )
    fields = {
        "location": location,
        "status": status,
        "filmed_on": filmed_on,
        "reviewed_on": reviewed_on,
        "note": " ".join((note or "").split()),
    }
    if adding:
        cycle = Cycle.objects.create(intervention=intervention, number=number, **fields)
    else:
        Cycle.objects.filter(intervention=intervention, number=number).update(**fields)
        cycle = intervention.cycles.get(number=number)
    dates = []
    if filmed_on:
        dates.append(f"filmed {_date(filmed_on)}")
    if reviewed_on:
        dates.append(f"reviewed {_date(reviewed_on)}")
    _record(
        referral,
        by,
        f"Cycle {number} {'added' if adding else 'updated'}: {cycle.get_status_display()}"
        + (f", {', '.join(dates)}" if dates else ""),
    )
    return cycle


@transaction.atomic
def agree_more_cycles(*, referral, by, reason):
    _require(can_record(by, referral))
    referral = _locked(referral)
    _in_work(referral)
    reason = " ".join((reason or "").split())
    if not reason:
        raise CaseworkError("Say why more cycles were agreed.", field="reason")
    intervention = intervention_for(referral)
    intervention.more_cycles_agreed = True
    intervention.more_cycles_reason = reason
    intervention.save(update_fields=["more_cycles_agreed", "more_cycles_reason"])
    _record(referral, by, "More than three cycles agreed")
    return intervention


# Footage and ending ---------------------------------------------------------------------------


@transaction.atomic
def record_footage_deleted(*, referral, by, on):
    _require(can_record(by, referral))
    referral = _locked(referral)
    intervention = intervention_for(referral)
    _not_future(on, "footage_deleted_on", "The date the footage was deleted")
    intervention.footage_deleted_on = on
    intervention.save(update_fields=["footage_deleted_on"])
    _record(referral, by, f"Footage deleted on {_date(on)}")
    return intervention


@transaction.atomic
def end_work(
    *,
    referral,
    by,
    outcome,
    ended_on,
    final_ratings=None,
    feedback_helpful=None,
    feedback_comment="",
):
    """Record how the work ended, the final goal ratings and any feedback, and close the case.

    A completed intervention needs a final rating for every goal; one that ended early may
    have none (the family may not be there to give them). Only a filming that has taken place
    (caseload.was_filmed) holds the end date back, so a family may stop before its first one;
    planned cycles not filmed by then will not happen, and are cancelled in the history.
    """
    _require(can_record(by, referral))
    referral = _locked(referral)
    if referral.status != ReferralStatus.ALLOCATED:
        raise CaseworkError("Only an allocated family's work can be ended.")
    intervention = intervention_for(referral)
    _not_future(ended_on, "ended_on", "The end date")
    cycles = list(intervention.cycles.all())
    today = timezone.localdate()
    filmings = sorted(c.filmed_on for c in cycles if c.filmed_on and caseload.was_filmed(c, today))
    if filmings and ended_on < filmings[0]:
        raise CaseworkError(
            f"The work cannot end before its first filming ({_date(filmings[0])}).",
            field="ended_on",
        )
    final_ratings = final_ratings or {}
    goals = list(intervention.goals.all())
    if outcome == Outcome.COMPLETED:
        for goal in goals:
            if final_ratings.get(goal) is None:
                raise CaseworkError(
                    "Give the family's final rating for every goal.", field=f"goal_{goal.number}"
                )
    for goal, rating in final_ratings.items():
        if rating is not None:
            _check_rating(rating, f"goal_{goal.number}")
    if feedback_helpful is not None and not 1 <= feedback_helpful <= 5:
        raise CaseworkError("Give a number from 1 to 5.", field="feedback_helpful")
    for goal, rating in final_ratings.items():
        if rating is not None:
            GoalRating.objects.create(
                goal=goal, stage=RatingStage.END, rating=rating, rated_on=ended_on
            )
    intervention.outcome = outcome
    intervention.ended_on = ended_on
    intervention.feedback_helpful = feedback_helpful
    intervention.feedback_comment = " ".join((feedback_comment or "").split())
    intervention.save()
    for cycle in cycles:
        if cycle.status == CycleStatus.PLANNED and not caseload.was_filmed(cycle, today):
            Cycle.objects.filter(pk=cycle.pk).update(status=CycleStatus.CANCELLED)
            _record(
                referral, by, f"Cycle {cycle.number} cancelled: the work ended before it was filmed"
            )
    _record(referral, by, f"Work ended on {_date(ended_on)}: {Outcome(outcome).label}")
    triage.close_case(referral, by=by)  # as the workflow closes a case: version, history, log
    return intervention


__all__ = [
    "CaseworkError",
    "active_consents",
    "add_goal",
    "agree_more_cycles",
    "can_record",
    "end_work",
    "rate_goals",
    "record_consent",
    "record_first_contact",
    "record_footage_deleted",
    "save_cycle",
    "withdraw_consent",
]
