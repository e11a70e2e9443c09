"""Texts that did not reach the family, for the officer on the case page: those the provider
refused (given up at once, or after every retry) and those its delivery receipt says it could
not deliver. Only the number's first digits are ever shown (masked_number)."""

from django.db.models import Q

from referrals.models import Channel, Delivery, EmailState, OutboundEmail

# Of a UK mobile number, how much of it the officer sees: "07700…".
SHOWN_DIGITS = 5

NOT_DELIVERED = (
    Delivery.PERMANENT_FAILURE,
    Delivery.TEMPORARY_FAILURE,
    Delivery.TECHNICAL_FAILURE,
)


def masked_number(number):
    """A number's first digits as people write them (07700…), never the whole number."""
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    if number and number.startswith("+44"):
        digits = "0" + digits[2:]
    return f"{digits[:SHOWN_DIGITS]}…" if digits else "the family's mobile…"


def failed_texts(case):
    """The case's texts that could not be sent or were not delivered, newest first, each with
    `shown_number` (a sent text's number is cleared: the case's own number stands in) and
    `why` (what went wrong, in words)."""
    rows = list(
        OutboundEmail.objects.filter(**case.link(), channel=Channel.TEXT)
        .filter(Q(state=EmailState.GAVE_UP) | Q(delivery__in=NOT_DELIVERED))
        .order_by("-created_at", "-id")
    )
    for row in rows:
        row.shown_number = masked_number(row.to_phone or getattr(case, "phone", ""))
        row.why = (
            row.get_delivery_display()
            if row.delivery in NOT_DELIVERED
            else "The text service refused it"
        )
    return rows
