"""The triage workflow: status changes, assignment, guider allocation, notes and retention.

Each service checks that the actor may make the change, locks the case's row
(select_for_update), checks the version the officer was looking at when one is given, applies
the change, bumps the version and records who did what and when in the case history (both
through referrals.cases.history, as every domain's services do) and Wagtail's audit log. Two
officers acting on the same case at once are serialised by the lock; the second is told, never
silently overwritten. What differs between kinds of case (statuses,
moves, fields removed by retention) comes from their description in referrals.cases.kinds.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from referrals import permissions as perms
from referrals.cases import audit
from referrals.cases.display import display_name
from referrals.cases.history import bump, record
from referrals.cases.kinds import (
    BLANK,
    KINDS,
    POSTCODE_DISTRICT,
    REFERRAL,
    REMOVED,
    REMOVED_TEXT,
    YEAR_ONLY,
    kind_of,
)
from referrals.cases.selectors import due_for_anonymisation
from referrals.casework.reminders import cancel_reminders
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    CaseNote,
    EmailState,
    OutboundEmail,
    ReferralStatus,
)
from referrals.outbox.notifications import queue_officer_assigned
from referrals.staff.roles import TRIAGE_OFFICERS, VIG_GUIDERS
from referrals.triage.capacity import BEYOND_CAPACITY_MESSAGE, load_of
from referrals.triage.errors import ConcurrentChangeError, WorkflowError

__all__ = [
    "ConcurrentChangeError",
    "WorkflowError",
    "apply_retention",
    "case_add_note",
    "case_anonymise",
    "case_assign",
    "case_transition",
    "close_case",
    "remove_personal_details",
    "set_priority",
]


APPLY_RETENTION = perms.APPLY_RETENTION


STALE_MESSAGE = (
    "Someone else changed {reference} while you were looking at it. "
    "Check its status and history below, then try again."
)


def _lock(case, expected_version):
    locked = type(case).objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != int(expected_version):
        raise ConcurrentChangeError(STALE_MESSAGE.format(reference=locked.reference))
    return locked


def _require(by, permission):
    if by is None or not by.has_perm(permission):
        raise PermissionDenied("You do not have permission to make this change.")


def _allowed_transition(case, to, by):
    """The workflow table's row for moving `case` to `to`, if `by` may make that move."""
    kind = kind_of(case)
    transition = kind.find_transition(case.status, to)
    if transition is None:
        raise WorkflowError(
            f"{kind.noun} that is “{kind.status_label(case.status)}” cannot be moved to "
            f"“{kind.status_label(to)}”."
        )
    _require(by, transition.permission)
    return transition


def _in_group(user, group_name):
    return user is not None and user.is_active and user.groups.filter(name=group_name).exists()


def _declined(changes, decline_reason, signposted_to):
    """A decline says why, and where the family was signposted; adds both to `changes` and
    returns the history's lines for them."""
    decline_reason = (decline_reason or "").strip()
    signposted_to = (signposted_to or "").strip()
    if not decline_reason:
        raise WorkflowError("Give the reason for declining.", field="decline_reason")
    if not signposted_to:
        raise WorkflowError(
            "Say where the family was signposted (or “Not signposted”).", field="signposted_to"
        )
    changes.update(decline_reason=decline_reason, signposted_to=signposted_to)
    return [f"Reason: {decline_reason}", f"Signposted to: {signposted_to}"]


def _allocated(changes, guider, capacity_reason=""):
    """An allocation names an active member of the VIG Guiders group; one to a Guider at or
    beyond their capacity says why. Call inside the transaction: it locks the Guider's row.
    Adds the Guider to `changes` and returns the history's line for them, and the line for
    going beyond capacity ("" when within it)."""
    if guider is None:
        raise WorkflowError("Choose the VIG Guider to allocate.", field="guider")
    if not _in_group(guider, VIG_GUIDERS):
        raise WorkflowError("Choose an active member of the VIG Guiders group.", field="guider")
    changes["guider"] = guider
    changes["priority"] = False  # it ordered the waiting list, which the family now leaves
    # Lock the Guider's row before counting their families: two officers allocating different
    # families to a Guider with one free place are serialised here, so the second counts the
    # first's family and is asked for a reason. (The case's row is always locked first.)
    list(type(guider).objects.select_for_update().filter(pk=guider.pk).values_list("pk"))
    load = load_of(guider)
    beyond = ""
    if load.full:
        capacity_reason = (capacity_reason or "").strip()
        if not capacity_reason:
            raise WorkflowError(
                BEYOND_CAPACITY_MESSAGE.format(name=load.name, load=load.against_capacity),
                field="capacity_reason",
            )
        beyond = (
            f"{load.name} had {load.against_capacity} families before this one. "
            f"Reason: {capacity_reason}"
        )
    return f"VIG Guider: {display_name(guider)}", beyond


@transaction.atomic
def case_transition(
    *,
    case,
    to,
    by,
    note="",
    expected_version=None,
    decline_reason="",
    signposted_to="",
    guider=None,
    capacity_reason="",
):
    """Move `case` to status `to`, as its workflow table allows; return the saved case.

    Raises WorkflowError (with a message for the officer) for a move the table does not allow,
    a decline without a reason or signposting, an allocation without a VIG Guider, or one to a
    Guider at or beyond their capacity without `capacity_reason`;
    ConcurrentChangeError when `expected_version` is stale; PermissionDenied when `by` may not
    make this move (reopening needs a manager).
    """
    kind = kind_of(case)
    _require(by, kind.permission("change"))
    locked = _lock(case, expected_version)
    source = locked.status
    transition = _allowed_transition(locked, to, by)

    note = (note or "").strip()
    changes = {"status": to, "status_changed_at": timezone.now()}
    details = []
    if transition.needs_decline_reason:
        details += _declined(changes, decline_reason, signposted_to)
    if transition.needs_guider:
        guider_text, beyond = _allocated(changes, guider, capacity_reason)
        details.append(guider_text)
    if to in kind.finished:
        changes["closed_at"] = timezone.now()
    elif source in kind.finished:
        changes["closed_at"] = None
    if note:
        details.append(note)

    bump(locked, **changes)
    if transition.needs_guider:
        record(locked, CaseEventAction.GUIDER_ALLOCATED, by=by, detail=guider_text)
        if beyond:
            record(locked, CaseEventAction.BEYOND_CAPACITY, by=by, detail=beyond)
    record(
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


def close_case(locked, *, by):
    """Close a locked case from where it is (the end of a family's work): the new version,
    the history and the audit log, as a transition records them."""
    source = locked.status
    to = kind_of(locked).finished[0]
    now = timezone.now()
    bump(locked, status=to, status_changed_at=now, closed_at=now)
    record(locked, CaseEventAction.STATUS_CHANGED, by=by, from_status=source, to_status=to)
    audit.log_case(locked, audit.TRANSITION, user=by, data={"from": source, "to": to})
    return locked


@transaction.atomic
def case_assign(*, case, officer, by, expected_version=None):
    """Assign a referral or enquiry to a triage officer (or unassign it with officer=None).

    The officer is emailed the reference and a link, after the transaction commits.
    """
    _require(by, kind_of(case).permission("change"))
    locked = _lock(case, expected_version)
    if officer is not None and not _in_group(officer, TRIAGE_OFFICERS):
        raise WorkflowError(
            "Choose an active member of the Triage officers group.", field="officer"
        )
    if officer is not None and locked.assigned_to_id == officer.pk:
        raise WorkflowError(f"{locked.reference} is already assigned to that officer.")
    bump(locked, assigned_to=officer)
    name = display_name(officer)
    record(
        locked,
        CaseEventAction.ASSIGNED,
        by=by,
        detail=f"Assigned to {name}" if officer else "Unassigned",
    )
    audit.log_case(locked, audit.ASSIGN, user=by, data={"officer": officer.pk if officer else None})
    if officer is not None:
        queue_officer_assigned(case=locked, officer=officer)
    return locked


@transaction.atomic
def set_priority(*, case, priority, reason, by, expected_version=None):
    """Give an accepted referral priority on the waiting list, or take it away; the reason is
    required and goes in the case's history with the change."""
    if kind_of(case) is not REFERRAL:
        raise WorkflowError("Only a referral has a place on the waiting list.")
    _require(by, kind_of(case).permission("change"))
    locked = _lock(case, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError("Give the reason for the change of priority.", field="reason")
    if priority and locked.status != ReferralStatus.ACCEPTED:
        raise WorkflowError(
            f"{locked.reference} is not waiting for a VIG Guider: only a family on the waiting "
            "list can be given priority."
        )
    if bool(locked.priority) == bool(priority):
        state = "already has" if priority else "does not have"
        raise WorkflowError(f"{locked.reference} {state} priority.")
    bump(locked, priority=bool(priority))
    action = CaseEventAction.PRIORITY_SET if priority else CaseEventAction.PRIORITY_REMOVED
    record(locked, action, by=by, detail=f"Reason: {reason}")
    return locked


@transaction.atomic
def case_add_note(*, case, author, text):
    """Add an internal note. Notes are never edited: a correction is a new note."""
    _require(author, kind_of(case).permission("change"))
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Write the note before saving it.", field="text")
    if len(text) > CaseNote._meta.get_field("text").max_length:
        raise WorkflowError("A note can be at most 5,000 characters.", field="text")
    locked = type(case).objects.select_for_update().get(pk=case.pk)
    note = CaseNote.objects.create(**locked.link(), author=author, text=text)
    record(locked, CaseEventAction.NOTE_ADDED, by=author)
    audit.log_case(locked, audit.NOTE, user=author, data={"note": note.pk})
    return note


def _anonymised_value(case, name, rule, marker=REMOVED_TEXT):
    value = getattr(case, name)
    if rule == REMOVED:
        limit = case._meta.get_field(name).max_length
        return marker[:limit] if value else value
    if rule == BLANK:
        return None if case._meta.get_field(name).null else ""
    if rule == POSTCODE_DISTRICT:
        return (value or "").split(" ")[0][:4]
    if rule == YEAR_ONLY:
        return value.replace(month=1, day=1) if value else value
    raise ValueError(f"Unknown anonymisation rule {rule!r} for {name}")


def anonymised_fields(case, marker=REMOVED_TEXT):
    """The values retention (or an erasure) writes over `case`'s personal details, from its
    description; free text it removes says `marker`."""
    return {
        name: _anonymised_value(case, name, rule, marker)
        for name, rule in kind_of(case).anonymise.items()
    }


def related_values(related, marker=REMOVED_TEXT):
    values = {}
    for name, rule in related.fields.items():
        if rule == REMOVED:
            values[name] = marker[: related.model._meta.get_field(name).max_length]
        elif rule == BLANK:
            values[name] = ""
        else:
            raise ValueError(f"Related rows support only REMOVED and BLANK, not {rule!r}")
    return values


def remove_personal_details(locked, *, marker=REMOVED_TEXT, **changes):
    """Anonymise a locked case: its personal fields, its notes and history details (free text
    that may mention the family) and any outbox address for it. `changes` are saved with it."""
    bump(locked, anonymised_at=timezone.now(), **anonymised_fields(locked, marker), **changes)
    for related in kind_of(locked).related:
        rows = related.model.objects.filter(**{related.link: locked})
        rows.update(**related_values(related, marker))
    CaseNote.objects.filter(**locked.link()).update(text=marker)
    CaseEvent.objects.filter(**locked.link()).exclude(detail="").update(detail="")
    cancel_reminders(case=locked)  # no session of an anonymised case is reminded of
    OutboundEmail.objects.filter(**locked.link()).update(to_address="", to_phone="")
    # Anything not yet sent now has no address: say so in the outbox instead of retrying.
    OutboundEmail.objects.filter(**locked.link()).exclude(
        state__in=(EmailState.SENT, EmailState.GAVE_UP, EmailState.CANCELLED)
    ).update(state=EmailState.GAVE_UP, last_error="Personal details removed before sending")
    return locked


@transaction.atomic
def case_anonymise(*, case, by=None):
    """Remove a closed case's personal details, keeping its reference, status and dates.

    Notes and history details (free text that may mention the family) are blanked too, and
    any outbox address for it is cleared. Recorded as ANONYMISED in the history.
    """
    if by is not None:
        _require(by, APPLY_RETENTION)
    locked = type(case).objects.select_for_update().get(pk=case.pk)
    if locked.anonymised_at is not None:
        return locked
    remove_personal_details(locked)
    record(locked, CaseEventAction.ANONYMISED, by=by)
    audit.log_case(locked, audit.ANONYMISE, user=by)
    return locked


def apply_retention(*, by=None, now=None, days=None, dry_run=False):
    """Anonymise every finished case past the retention period, of every kind.

    Returns {kind: how many} (how many would be, with dry_run). The apply_retention command
    and the managers' retention page both call this.
    """
    if by is not None:
        _require(by, APPLY_RETENTION)
    counts = {}
    for kind in KINDS:
        due = due_for_anonymisation(kind, now=now, days=days)
        if dry_run:
            counts[kind] = due.count()
            continue
        counts[kind] = 0
        for case in due.iterator():
            case_anonymise(case=case, by=by)
            counts[kind] += 1
    return counts
