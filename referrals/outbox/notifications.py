"""Queue emails through the outbox. Request code calls these; it never talks to a provider.

`queue_emails` writes OutboundEmail rows inside the caller's transaction, in one statement (a
new referral's two emails: the team's and the referrer's); `queue_email` does it for one. The
worker (referrals.outbox.worker.Relay) finds and sends them once that transaction commits; if it or
the provider is down, the rows stay queued or failed until it, or `retry_email`, sends them.
"""

from django.utils import timezone

from referrals.models import Channel, EmailKind, EmailState, OutboundEmail, RecipientRole
from referrals.outbox.claim import SENDABLE
from referrals.outbox.sending import send_after_commit


def outbox_message(*, kind, case, recipient_role, to_address):
    """An unsaved outbox row for an email about `case`, or None when there is no address."""
    if not to_address:
        return None
    return OutboundEmail(
        kind=kind,
        recipient_role=recipient_role,
        to_address=to_address,
        reference=case.reference,
        **case.link(),
        state=EmailState.QUEUED,
    )


def outbox_text(*, kind, case, recipient_role, to_phone):
    """An unsaved outbox row for a text about `case`, or None when there is no number (the
    caller has chosen the channel: referrals.cases.safe_contact.family_channels)."""
    if not to_phone:
        return None
    return OutboundEmail(
        kind=kind,
        recipient_role=recipient_role,
        channel=Channel.TEXT,
        to_phone=to_phone,
        reference=case.reference,
        **case.link(),
        state=EmailState.QUEUED,
    )


def queue_emails(messages):
    """Write these outbox rows (None entries are skipped) in the caller's transaction, in one
    statement, for the worker to send once it commits. Returns the rows."""
    rows = OutboundEmail.objects.bulk_create([m for m in messages if m is not None])
    if rows:
        send_after_commit([row.pk for row in rows])
    return rows


def queue_email(*, kind, case, recipient_role, to_address):
    """Record one email to send about `case` and send it after commit; None without address."""
    message = outbox_message(
        kind=kind, case=case, recipient_role=recipient_role, to_address=to_address
    )
    return queue_emails([message])[0] if message else None


def queue_reminders(rows, *, now):
    """Write session reminders (unsaved rows, each with its send_after) in the caller's
    transaction. Those already due are sent after commit like any message; the rest wait in the
    queue until their send_after passes (the worker's claim). Returns the rows."""
    rows = OutboundEmail.objects.bulk_create(rows)
    due = [row.pk for row in rows if row.send_after is None or row.send_after <= now]
    if due:
        send_after_commit(due)
    return rows


def cancel_unsent(messages):
    """Cancel these messages (a queryset) that are not sent and not being sent: state CANCELLED,
    their address and number cleared, kept (never deleted) so the case page can say so.
    Returns how many."""
    return messages.filter(state__in=SENDABLE).update(
        state=EmailState.CANCELLED,
        to_address="",
        to_phone="",
        next_attempt_at=None,
        updated_at=timezone.now(),
    )


def queue_officer_assigned(*, case, officer):
    """Tell an officer a case was assigned to them (reference and link only)."""
    return queue_email(
        kind=EmailKind.OFFICER_ASSIGNED,
        case=case,
        recipient_role=RecipientRole.OFFICER,
        to_address=officer.email,
    )
