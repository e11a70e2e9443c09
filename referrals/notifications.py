"""Queue emails through the outbox. Request code calls these; it never talks to a provider.

`queue_email` writes an OutboundEmail row inside the caller's transaction and enqueues the send
task once that transaction commits. If the worker or the provider is down, the row stays queued
or failed and `retry_email` (a command run on a schedule) picks it up again.
"""

from django.db import transaction

from .models import EmailKind, EmailState, OutboundEmail, RecipientRole
from .tasks import enqueue_send


def queue_email(*, kind, case, recipient_role, to_address):
    """Record an email to send about `case` (a Referral or Enquiry) and send it after commit.

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
    transaction.on_commit(lambda: enqueue_send(message.pk))
    return message


def queue_officer_assigned(*, case, officer):
    """Tell an officer a case was assigned to them (reference and link only)."""
    return queue_email(
        kind=EmailKind.OFFICER_ASSIGNED,
        case=case,
        recipient_role=RecipientRole.OFFICER,
        to_address=officer.email,
    )
