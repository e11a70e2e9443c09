"""The triage workflow: status changes, assignment, guider allocation and notes.

Each service locks the case's row (select_for_update), checks the version the officer was
looking at when one is given, applies the change, bumps the version and records who did what
and when in the case history and Wagtail's audit log. Two officers acting on the same case at
once are serialised by the lock; the second is told, never silently overwritten.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import audit, workflow
from ..models import (
    CaseEvent,
    CaseEventAction,
    CaseNote,
    Enquiry,
    EnquiryStatus,
    OutboundEmail,
    Referral,
    ReferralStatus,
)
from ..notifications import queue_officer_assigned
from ..roles import TRIAGE_OFFICERS, VIG_GUIDERS

__all__ = [
    "ConcurrentChangeError",
    "WorkflowError",
    "case_add_note",
    "case_anonymise",
    "case_assign",
    "enquiry_transition",
    "referral_allocate_guider",
    "referral_assign",
    "referral_transition",
]


class WorkflowError(Exception):
    """A change the workflow does not allow. The message is safe to show to the officer."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentChangeError(WorkflowError):
    pass


STALE_MESSAGE = (
    "Someone else changed {reference} while you were looking at it. "
    "Check its status and history below, then try again."
)


def _lock(case, expected_version):
    locked = type(case).objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != int(expected_version):
        raise ConcurrentChangeError(STALE_MESSAGE.format(reference=locked.reference))
    return locked


def _record(case, action, *, by, from_status="", to_status="", detail=""):
    return CaseEvent.objects.create(
        **case.link(),
        action=action,
        actor=by,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
    )


def _bump(case, **changes):
    """Save `changes` and the next version in one UPDATE; refresh the instance."""
    changes["version"] = F("version") + 1
    type(case).objects.filter(pk=case.pk).update(**changes)
    case.refresh_from_db()
    return case


def _status_label(case, status):
    choices = ReferralStatus if isinstance(case, Referral) else EnquiryStatus
    try:
        return choices(status).label
    except ValueError:
        return str(status)


def _allowed_transition(case, to, by, find, noun):
    """The workflow table's row for moving `case` to `to`, if `by` may make that move."""
    transition = find(case.status, to)
    if transition is None:
        raise WorkflowError(
            f"{noun} that is “{_status_label(case, case.status)}” cannot be moved to "
            f"“{_status_label(case, to)}”."
        )
    if not by.has_perm(transition.permission):
        raise PermissionDenied("You do not have permission to make this change.")
    return transition


def _in_group(user, group_name):
    return user is not None and user.is_active and user.groups.filter(name=group_name).exists()


@transaction.atomic
def referral_transition(
    *,
    referral,
    to,
    by,
    note="",
    expected_version=None,
    decline_reason="",
    signposted_to="",
    guider=None,
):
    """Move `referral` to status `to`, as the workflow table allows; return the saved referral.

    Raises WorkflowError (with a message for the officer) for a move the table does not allow,
    a declined referral without a reason or signposting, or an allocation without a VIG Guider;
    ConcurrentChangeError when `expected_version` is stale; PermissionDenied when `by` may not
    make this move (reopening needs a manager).
    """
    locked = _lock(referral, expected_version)
    source = locked.status
    transition = _allowed_transition(
        locked, to, by, workflow.find_referral_transition, "A referral"
    )

    note = (note or "").strip()
    decline_reason = (decline_reason or "").strip()
    signposted_to = (signposted_to or "").strip()
    changes = {"status": to, "status_changed_at": timezone.now()}
    details = []
    if transition.needs_decline_reason:
        if not decline_reason:
            raise WorkflowError("Give the reason for declining.", field="decline_reason")
        if not signposted_to:
            raise WorkflowError(
                "Say where the family was signposted (or “Not signposted”).",
                field="signposted_to",
            )
        changes.update(decline_reason=decline_reason, signposted_to=signposted_to)
        details += [f"Reason: {decline_reason}", f"Signposted to: {signposted_to}"]
    if transition.needs_guider:
        if guider is None:
            raise WorkflowError("Choose the VIG Guider to allocate.", field="guider")
        if not _in_group(guider, VIG_GUIDERS):
            raise WorkflowError("Choose an active member of the VIG Guiders group.", field="guider")
        changes["guider"] = guider
        guider_text = f"VIG Guider: {guider.get_full_name() or guider.get_username()}"
        details.append(guider_text)
    if to == ReferralStatus.CLOSED:
        changes["closed_at"] = timezone.now()
    elif source == ReferralStatus.CLOSED:
        changes["closed_at"] = None
    if note:
        details.append(note)

    _bump(locked, **changes)
    if transition.needs_guider:
        _record(locked, CaseEventAction.GUIDER_ALLOCATED, by=by, detail=guider_text)
    _record(
        locked,
        CaseEventAction.STATUS_CHANGED,
        by=by,
        from_status=source,
        to_status=to,
        detail="\n".join(details),
    )
    audit.log_case(locked, audit.TRANSITION, user=by, data={"from": source, "to": to})
    if transition.needs_guider:
        audit.log_case(locked, audit.ALLOCATE, user=by, data={"guider": guider.pk})
    return locked


def referral_allocate_guider(*, referral, guider, by, note="", expected_version=None):
    """Allocate an accepted referral to a VIG Guider (moves it to Allocated)."""
    return referral_transition(
        referral=referral,
        to=ReferralStatus.ALLOCATED,
        by=by,
        note=note,
        expected_version=expected_version,
        guider=guider,
    )


@transaction.atomic
def enquiry_transition(*, enquiry, to, by, note="", expected_version=None):
    locked = _lock(enquiry, expected_version)
    source = locked.status
    _allowed_transition(locked, to, by, workflow.find_enquiry_transition, "An enquiry")
    changes = {"status": to, "status_changed_at": timezone.now()}
    if to == EnquiryStatus.CLOSED:
        changes["closed_at"] = timezone.now()
    _bump(locked, **changes)
    _record(
        locked,
        CaseEventAction.STATUS_CHANGED,
        by=by,
        from_status=source,
        to_status=to,
        detail=(note or "").strip(),
    )
    audit.log_case(locked, audit.TRANSITION, user=by, data={"from": source, "to": to})
    return locked


@transaction.atomic
def case_assign(*, case, officer, by, expected_version=None):
    """Assign a referral or enquiry to a triage officer (or unassign it with officer=None).

    The officer is emailed the reference and a link, after the transaction commits.
    """
    locked = _lock(case, expected_version)
    if officer is not None and not _in_group(officer, TRIAGE_OFFICERS):
        raise WorkflowError(
            "Choose an active member of the Triage officers group.", field="officer"
        )
    if officer is not None and locked.assigned_to_id == officer.pk:
        raise WorkflowError(f"{locked.reference} is already assigned to that officer.")
    _bump(locked, assigned_to=officer)
    name = (officer.get_full_name() or officer.get_username()) if officer else ""
    _record(
        locked,
        CaseEventAction.ASSIGNED,
        by=by,
        detail=f"Assigned to {name}" if officer else "Unassigned",
    )
    audit.log_case(locked, audit.ASSIGN, user=by, data={"officer": officer.pk if officer else None})
    if officer is not None:
        queue_officer_assigned(case=locked, officer=officer)
    return locked


def referral_assign(*, referral, officer, by, expected_version=None):
    return case_assign(case=referral, officer=officer, by=by, expected_version=expected_version)


@transaction.atomic
def case_add_note(*, case, author, text):
    """Add an internal note. Notes are never edited: a correction is a new note."""
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Write the note before saving it.", field="text")
    if len(text) > CaseNote._meta.get_field("text").max_length:
        raise WorkflowError("A note can be at most 5,000 characters.", field="text")
    locked = type(case).objects.select_for_update().get(pk=case.pk)
    note = CaseNote.objects.create(**locked.link(), author=author, text=text)
    _record(locked, CaseEventAction.NOTE_ADDED, by=author)
    audit.log_case(locked, audit.NOTE, user=author, data={"note": note.pk})
    return note


REMOVED = "[removed under the retention policy]"


def _anonymised_fields(case):
    if isinstance(case, Enquiry):
        return {"name": REMOVED[:100], "email": "", "phone": "", "question": REMOVED}
    born = case.child_date_of_birth
    return {
        "contact_name": REMOVED[:100],
        "relationship_other": "",
        "email": "",
        "phone": "",
        "contact_times": "",
        # The postcode district and year of birth stay for reporting; neither identifies.
        "postcode": (case.postcode or "").split(" ")[0][:4],
        "child_first_name": REMOVED[:60],
        "child_date_of_birth": born.replace(month=1, day=1) if born else born,
        "school_or_nursery": "",
        "what_to_change": REMOVED,
        "session_location_other": "",
        "other_services": "",
        "access_needs": "",
        "professional_name": "",
        "professional_email": "",
        "professional_phone": "",
        "decline_reason": REMOVED if case.decline_reason else "",
        "spam_reason": "",
    }


@transaction.atomic
def case_anonymise(*, case, by=None):
    """Remove a closed case's personal details, keeping its reference, status and dates.

    Notes and history details (free text that may mention the family) are blanked too, and
    any outbox address for it is cleared. Recorded as ANONYMISED in the history.
    """
    locked = type(case).objects.select_for_update().get(pk=case.pk)
    if locked.anonymised_at is not None:
        return locked
    _bump(locked, anonymised_at=timezone.now(), **_anonymised_fields(locked))
    CaseNote.objects.filter(**locked.link()).update(text=REMOVED)
    CaseEvent.objects.filter(**locked.link()).exclude(detail="").update(detail="")
    OutboundEmail.objects.filter(**locked.link()).update(to_address="")
    _record(locked, CaseEventAction.ANONYMISED, by=by)
    audit.log_case(locked, audit.ANONYMISE, user=by)
    return locked
