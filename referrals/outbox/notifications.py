"""Queue emails through the outbox. Request code calls these; it never talks to a provider.

`queue_emails` writes OutboundEmail rows inside the caller's transaction, in one statement (a
new referral's two emails: the team's and the referrer's); `queue_email` does it for one. The
worker (referrals.outbox.worker.Relay) finds and sends them once that transaction commits; if it or
the provider is down, the rows stay queued or failed until it, or `retry_email`, sends them.
"""

from referrals.models import EmailKind, EmailState, OutboundEmail, RecipientRole
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


def queue_officer_assigned(*, case, officer):
    """Tell an officer a case was assigned to them (reference and link only)."""
    return queue_email(
        kind=EmailKind.OFFICER_ASSIGNED,
        case=case,
        recipient_role=RecipientRole.OFFICER,
        to_address=officer.email,
    )
