"""Recording a change of a family's safe contact, as an officer who phones them learns it: which
ways are safe, which they prefer, and whether a text or voicemail may say who we are.

Everything downstream follows the new answers in the same transaction: a confirmation not yet
sent by a way that is no longer safe is cancelled (kept, with its address or number cleared),
and a referral's session reminders are worked out again (referrals.casework.reminders), so a
reminder never goes by a way the family has since ruled out. The history says what changed
in words, never the family's details, with the officer's note.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from referrals.cases.history import bump, record
from referrals.cases.kinds import REFERRAL, kind_of
from referrals.cases.safe_contact import can_email, can_text
from referrals.casework.reminders import sync_reminders
from referrals.intake.rules import PHONE_WAYS, may_name_team_is_asked
from referrals.models import (
    CaseEventAction,
    Channel,
    ContactMethod,
    EmailKind,
    OutboundEmail,
    ReferralKind,
)
from referrals.outbox.notifications import cancel_unsent
from referrals.triage.errors import ConcurrentChangeError, WorkflowError
from referrals.triage.services import STALE_MESSAGE

__all__ = ["SAFE_WAYS", "case_update_safe_contact", "preferred_label"]

# Each way a family may be contacted: (its value in a form, the case's field, its name).
SAFE_WAYS = (
    ("email", "safe_to_email", "Email"),
    ("text", "safe_to_text", "Text message"),
    ("phone", "safe_to_phone", "Phone call"),
    ("voicemail", "safe_to_voicemail", "Voicemail"),
)
CONFIRMATIONS = (EmailKind.REFERRER_CONFIRMATION, EmailKind.ENQUIRY_CONFIRMATION)
NO_PREFERENCE = "No preference"
NOTE_MAX_LENGTH = 2000


def _require(by, case):
    if by is None or not by.has_perm(kind_of(case).permission("change")):
        raise PermissionDenied("You do not have permission to make this change.")


def _lock(case, expected_version):
    locked = type(case).objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != int(expected_version):
        raise ConcurrentChangeError(STALE_MESSAGE.format(reference=locked.reference))
    return locked


def _checked(locked, safe_ways, preferred_contact, note):
    """The officer's answers, checked against the details the case holds."""
    note = (note or "").strip()
    if not note:
        raise WorkflowError("Say how you learned of the change.", field="note")
    if len(note) > NOTE_MAX_LENGTH:
        raise WorkflowError(
            f"The note can be at most {NOTE_MAX_LENGTH:,} characters.", field="note"
        )
    safe = set(safe_ways or ())
    unknown = safe - {way for way, _, _ in SAFE_WAYS}
    if unknown:
        raise WorkflowError("Tick only the ways listed.", field="safe_contact")
    if "email" in safe and not locked.email:
        raise WorkflowError(
            "There is no email address for this family, so email cannot be safe.",
            field="safe_contact",
        )
    if safe & PHONE_WAYS and not locked.phone:
        raise WorkflowError(
            "There is no phone number for this family, so a text, a call or a voicemail "
            "cannot be safe.",
            field="safe_contact",
        )
    preferred = preferred_contact or ""
    if preferred and preferred not in ContactMethod.values:
        raise WorkflowError("Choose one of the ways listed.", field="preferred_contact")
    if preferred and preferred not in safe:
        raise WorkflowError(
            "Choose a way you ticked as safe, or no preference.", field="preferred_contact"
        )
    return safe, preferred, note


def preferred_label(value):
    return ContactMethod(value).label if value else NO_PREFERENCE


def _what_changed(locked, changes):
    """The history's lines for the changes, in words: never an address or a number."""
    lines = []
    for _way, name, label in SAFE_WAYS:
        if getattr(locked, name) != changes[name]:
            now = "safe" if changes[name] else "not safe"
            lines.append(f"{label}: now {now}")
    if locked.preferred_contact != changes["preferred_contact"]:
        before = preferred_label(locked.preferred_contact)
        after = preferred_label(changes["preferred_contact"])
        lines.append(f"Preferred way: {before} → {after}")
    if locked.may_name_team != changes["may_name_team"]:
        now = "yes" if changes["may_name_team"] else "no"
        lines.append(f"May say who we are in a text or voicemail: now {now}")
    return lines


def _family_confirmations(case):
    """The case's confirmations to the family (a professional's referral is confirmed to the
    professional, whose address the family's answers do not govern)."""
    if getattr(case, "kind", None) == ReferralKind.PROFESSIONAL:
        return OutboundEmail.objects.none()
    return OutboundEmail.objects.filter(**case.link(), kind__in=CONFIRMATIONS)


def _cancel_unsafe_confirmations(locked):
    """Cancel a confirmation not yet sent by a way no longer safe. Returns how many."""
    unsafe = [
        channel
        for channel, possible in (
            (Channel.EMAIL, can_email(locked)),
            (Channel.TEXT, can_text(locked)),
        )
        if not possible
    ]
    if not unsafe:
        return 0
    return cancel_unsent(_family_confirmations(locked).filter(channel__in=unsafe))


@transaction.atomic
def case_update_safe_contact(
    *,
    case,
    by,
    safe_ways,
    preferred_contact="",
    may_name_team=False,
    note,
    expected_version=None,
):
    """Record the family's safe-contact answers as the officer now has them; return the saved
    case.

    `safe_ways` holds "email", "text", "phone" and "voicemail" as safe (any of them, or none);
    `preferred_contact` one of those ticked (ContactMethod) or "" for no preference;
    `may_name_team` counts only where a text or voicemail is safe. `note` (required) says how
    the officer learned of it, and goes in the history with what changed.

    Raises WorkflowError (a message for the officer, with its field) for answers the case's
    details do not allow or no change at all; ConcurrentChangeError when `expected_version` is
    stale; PermissionDenied unless `by` may work the case.
    """
    kind = kind_of(case)
    if not kind.has_safe_contact:
        raise WorkflowError(f"{kind.noun} has no safe-contact answers.")
    _require(by, case)
    locked = _lock(case, expected_version)
    safe, preferred, note = _checked(locked, safe_ways, preferred_contact, note)
    changes = {name: way in safe for way, name, _ in SAFE_WAYS}
    changes["preferred_contact"] = preferred
    changes["may_name_team"] = bool(may_name_team) and may_name_team_is_asked(safe)
    lines = _what_changed(locked, changes)
    if not lines:
        raise WorkflowError("Nothing has changed: these are the answers we already hold.")

    bump(locked, **changes)
    cancelled = _cancel_unsafe_confirmations(locked)
    if cancelled:
        lines.append("A confirmation not yet sent by a way no longer safe was cancelled.")
    if kind is REFERRAL:
        queued, stopped = sync_reminders(referral=locked)
        if stopped:
            lines.append(f"Session reminders cancelled: {stopped}.")
        if queued:
            lines.append(f"Session reminders queued by the family's safe ways: {len(queued)}.")
    record(
        locked,
        CaseEventAction.SAFE_CONTACT_CHANGED,
        by=by,
        detail="\n".join([*lines, f"Note: {note}"]),
    )
    return locked
