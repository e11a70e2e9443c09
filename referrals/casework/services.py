"""The VIG Guider's casework with a family: first contact, consent to filming, goals and their
ratings, cycles, more cycles, footage deletion and the ending.

Each service checks who may act (the Guider allocated to the family, or a Manager; first
contact also any triage officer), checks the rules of the work (referrals.casework.rules),
records what changed in the case history (referrals.cases.history) and Wagtail's audit log,
and raises CaseworkError with the field it is about, so the page can show the message next to
that field with what was typed kept. Free text the family wrote (goals) never goes into the
history.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from referrals import permissions as perms
from referrals.cases import audit
from referrals.cases.history import record
from referrals.casework.reminders import sync_reminders
from referrals.casework.rules import (
    WORK_STATUSES,
    CaseworkError,
    Ending,
    ProposedCycle,
    active_consents,
    check_cycle,
    check_ending,
    check_rating,
    date_text,
    not_future,
    planned_cycles_not_filmed,
)
from referrals.models import CaseEventAction, ReferralStatus
from referrals.models.casework import (
    MAX_CYCLES,
    MAX_GOALS,
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

RECORD_CASEWORK = perms.RECORD_CASEWORK
RECORD_ANY_CASEWORK = perms.RECORD_ANY_CASEWORK  # Managers
# Casework starts once a family is accepted (rules.WORK_STATUSES); it is read-only again once the
# case is closed, except for recording that the footage was deleted.
CONTACT_STATUSES = (
    ReferralStatus.UNDER_REVIEW,
    ReferralStatus.NEEDS_INFORMATION,
    ReferralStatus.ACCEPTED,
    ReferralStatus.ALLOCATED,
)


def can_record(user, referral):
    """The allocated VIG Guider, or a Manager (a triage officer who is also a Guider records
    only for their own families)."""
    if user is None or not user.is_active or not user.has_perm(RECORD_CASEWORK):
        return False
    return referral.guider_id == user.pk or user.has_perm(RECORD_ANY_CASEWORK)


def can_record_first_contact(user, referral):
    return user is not None and (user.has_perm(perms.CHANGE_REFERRAL) or can_record(user, referral))


def _require(allowed):
    if not allowed:
        raise PermissionDenied("You do not have permission to record this family's casework.")


def _in_work(referral):
    if referral.status not in WORK_STATUSES:
        raise CaseworkError(
            "Casework can be recorded only while the family is accepted or allocated "
            f"(this referral is “{referral.get_status_display()}”)."
        )


def _record(referral, by, detail):
    """What was recorded, in the case history (as casework) and Wagtail's audit log."""
    record(referral, CaseEventAction.CASEWORK, by=by, detail=detail)
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
    not_future(on, "first_contact_on", "The date of first contact")
    if on < timezone.localdate(referral.received_at):
        raise CaseworkError(
            "First contact cannot be before the referral arrived "
            f"({date_text(timezone.localdate(referral.received_at))}).",
            field="first_contact_on",
        )
    intervention = intervention_for(referral)
    intervention.first_contact_on = on
    intervention.save(update_fields=["first_contact_on"])
    _record(referral, by, f"First contact with the family on {date_text(on)}")
    return intervention


# Consent --------------------------------------------------------------------------------------


@transaction.atomic
def record_consent(*, referral, by, given_by, given_on, covers, keep_footage_until=None):
    _require(can_record(by, referral))
    referral = _locked(referral)
    _in_work(referral)
    not_future(given_on, "given_on", "The date consent was given")
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
        f"Consent to filming: {consent.get_given_by_display()}, {date_text(given_on)} "
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
    not_future(on, "withdrawn_on", "The date consent was withdrawn")
    if on < consent.given_on:
        raise CaseworkError(
            f"Consent cannot be withdrawn before it was given ({date_text(consent.given_on)}).",
            field="withdrawn_on",
        )
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    _record(
        referral,
        by,
        f"Consent to filming withdrawn on {date_text(on)} ({consent.get_given_by_display()}): no "
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
    check_rating(start_rating, "start_rating")
    not_future(rated_on, "rated_on", "The date of the rating")
    goal = Goal.objects.create(intervention=intervention, number=count + 1, text=text)
    GoalRating.objects.create(
        goal=goal, stage=RatingStage.START, rating=start_rating, rated_on=rated_on
    )
    _record(referral, by, f"Goal {goal.number} agreed, rated {start_rating} out of 10 at the start")
    return goal


@transaction.atomic
def rate_goals(*, referral, by, stage, ratings, rated_on, cycle=None):
    """`ratings`: {goal: rating}. After a review (with its cycle) or at the end."""
    _require(can_record(by, referral))
    referral = _locked(referral)
    _in_work(referral)
    not_future(rated_on, "rated_on", "The date of the rating")
    if stage == RatingStage.REVIEW and cycle is None:
        raise CaseworkError("Choose the cycle whose review this rating follows.", field="cycle")
    if stage == RatingStage.REVIEW and cycle.reviewed_on is None:
        raise CaseworkError(
            f"Cycle {cycle.number} has no shared review yet: record the review first.",
            field="cycle",
        )
    if stage == RatingStage.REVIEW and rated_on < cycle.reviewed_on:
        raise CaseworkError(
            f"Ratings after a review are on or after it ({date_text(cycle.reviewed_on)}).",
            field="rated_on",
        )
    for goal, rating in ratings.items():
        check_rating(rating, f"goal_{goal.number}")
    for goal, rating in ratings.items():
        GoalRating.objects.create(
            goal=goal, stage=stage, cycle=cycle, rating=rating, rated_on=rated_on
        )
    summary = ", ".join(f"goal {g.number}: {r}" for g, r in ratings.items())
    _record(referral, by, f"Goals rated ({RatingStage(stage).label.lower()}): {summary}")


# Cycles ---------------------------------------------------------------------------------------


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
    filming_time=None,
    review_time=None,
    place="",
    note="",
):
    """Change cycle `number`, or add the next cycle when `number` is None. Adding never
    replaces a cycle (a second tab's stale "Add" form): its number is chosen here. The family's
    session reminders then follow the cycle: booked, moved or cancelled (reminders.py)."""
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
    proposed = ProposedCycle(
        intervention,
        number,
        filmed_on=filmed_on,
        reviewed_on=reviewed_on,
        status=status,
        filming_time=filming_time,
        review_time=review_time,
    )
    check_cycle(proposed)
    fields = {
        "location": location,
        "status": status,
        "filmed_on": filmed_on,
        "reviewed_on": reviewed_on,
        "filming_time": filming_time,
        "review_time": review_time,
        "place": " ".join((place or "").split()),
        "note": " ".join((note or "").split()),
    }
    if adding:
        cycle = Cycle.objects.create(intervention=intervention, number=number, **fields)
    else:
        Cycle.objects.filter(intervention=intervention, number=number).update(**fields)
        cycle = intervention.cycles.get(number=number)
    _record(
        referral,
        by,
        f"Cycle {number} {'added' if adding else 'updated'}: {cycle.get_status_display()}"
        + proposed.dates_text(),
    )
    sync_reminders(referral=referral)
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
    not_future(on, "footage_deleted_on", "The date the footage was deleted")
    intervention.footage_deleted_on = on
    intervention.save(update_fields=["footage_deleted_on"])
    _record(referral, by, f"Footage deleted on {date_text(on)}")
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

    The rules it checks are referrals.casework.rules.ENDING_RULES. Planned cycles not filmed
    by the end will not happen, and are cancelled in the history.
    """
    _require(can_record(by, referral))
    referral = _locked(referral)
    intervention = intervention_for(referral)
    ending = Ending(
        referral,
        intervention,
        outcome,
        ended_on,
        final_ratings=final_ratings or {},
        feedback_helpful=feedback_helpful,
    )
    check_ending(ending)  # rolled back with the transaction if a rule is broken
    for goal, rating in ending.final_ratings.items():
        if rating is not None:
            GoalRating.objects.create(
                goal=goal, stage=RatingStage.END, rating=rating, rated_on=ended_on
            )
    intervention.outcome = outcome
    intervention.ended_on = ended_on
    intervention.feedback_helpful = feedback_helpful
    intervention.feedback_comment = " ".join((feedback_comment or "").split())
    intervention.save()
    for cycle in planned_cycles_not_filmed(ending):
        Cycle.objects.filter(pk=cycle.pk).update(status=CycleStatus.CANCELLED)
        _record(
            referral, by, f"Cycle {cycle.number} cancelled: the work ended before it was filmed"
        )
    _record(referral, by, f"Work ended on {date_text(ended_on)}: {Outcome(outcome).label}")
    triage.close_case(referral, by=by)  # as the workflow closes a case: version, history, log
    sync_reminders(referral=referral)  # no more sessions: pending reminders are cancelled
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
