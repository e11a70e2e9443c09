"""Delivery receipts: what the text provider later says about a text it took.

GOV.UK Notify POSTs a receipt to our callback (referrals.outbox.receipt_views) for each text: its
id (the provider_message_id we recorded when it took the text), our reference ("vig-<outbox
id>") and a status.
Only the status is kept; the number the receipt carries is never stored or logged.
"""

from django.db import transaction
from django.utils import timezone

from referrals.models import Channel, Delivery, OutboundEmail

# Notify's statuses for a text, and what we keep of each: in progress ("created", "sending",
# "pending", "sent" abroad) changes nothing; the rest are final.
FINAL = {
    "delivered": Delivery.DELIVERED,
    "permanent-failure": Delivery.PERMANENT_FAILURE,
    "temporary-failure": Delivery.TEMPORARY_FAILURE,
    "technical-failure": Delivery.TECHNICAL_FAILURE,
}


def outbox_id(reference):
    """The outbox row's id in a reference we gave the provider ("vig-<id>": texts.text_reference),
    or None."""
    prefix, _, number = (reference or "").partition("-")
    return int(number) if prefix == "vig" and number.isdigit() else None


@transaction.atomic
def record_delivery(*, provider_message_id, reference, status, now=None):
    """Mark the text the provider knows as `provider_message_id` with what `status` says of its
    delivery. The row is found by the id in our `reference` (its primary key: the outbox has no
    index on provider ids, which every message would pay for), and only if the provider's id is
    the one recorded when it took the text. Returns whether a text was marked: False for a
    status still in progress, or a text we do not know (nothing to do, and not an error: the
    provider would only retry)."""
    delivery, pk = FINAL.get(status), outbox_id(reference)
    if delivery is None or pk is None or not provider_message_id:
        return False
    return bool(
        OutboundEmail.objects.filter(
            pk=pk, channel=Channel.TEXT, provider_message_id=provider_message_id
        ).update(delivery=delivery, delivery_updated_at=now or timezone.now())
    )
