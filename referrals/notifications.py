"""Queue emails through the outbox. Request code calls these; it never talks to a provider.

`queue_email` writes an OutboundEmail row inside the caller's transaction and enqueues the send
task once that transaction commits. A service that writes several messages at once (a new
referral: the team's and the referrer's) writes them with `send=False` and hands them to
`send_after_commit`, so one task sends them all. If the worker or the provider is down, the rows
stay queued or failed and `retry_email` (a command run on a schedule) picks them up again.
"""

from django.db import transaction

from .models import EmailKind, EmailState, OutboundEmail, RecipientRole
from .tasks import enqueue_send


def queue_email(*, kind, case, recipient_role, to_address, send=True):
    """Record an email to send about `case` (a Referral or Enquiry) and send it after commit
    (with `send=False`, the caller passes it to `send_after_commit` with the others).

    Returns the OutboundEmail, or None when there is no address to send to.
    """
    if not to_address:
        return None
    message = OutboundEmail.objects.create(
        kind=kind,
        recipient_role=recipient_role,
        to_address=to_address,
        reference=case.reference,
        **case.link(),
        state=EmailState.QUEUED,
    )
    if send:
        send_after_commit([message])
    return message


def send_after_commit(messages):
    """Queue one task that sends these outbox messages, once the transaction commits."""
    ids = [message.pk for message in messages if message is not None]
    if ids:
        transaction.on_commit(lambda: enqueue_send(*ids))


def queue_officer_assigned(*, case, officer):
    """Tell an officer a case was assigned to them (reference and link only)."""
    return queue_email(
        kind=EmailKind.OFFICER_ASSIGNED,
        case=case,
        recipient_role=RecipientRole.OFFICER,
        to_address=officer.email,
    )
