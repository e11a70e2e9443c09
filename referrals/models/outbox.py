"""Every email and text we send, with its state. Request code writes a row; the worker sends it.

Nothing personal is stored here but the recipient's address or mobile number, which is needed to
retry and is cleared once a message to a member of the public has been sent. Subjects and bodies
are rendered at send time from templates/emails/ and templates/texts/, so they are never stored.
A reminder waits until its `send_after`; it is cancelled, never deleted, when its session moves
or is cancelled, or the family's safe contact changes.
"""

from django.db import models
from django.utils import timezone

from referrals.models.choices import (
    Channel,
    Delivery,
    EmailKind,
    EmailState,
    RecipientRole,
    SessionKind,
)


class OutboundEmail(models.Model):
    # Cases, their history and the outbox are not content other pages link to: keep them out
    # of Wagtail's reference index, whose update would otherwise queue a task on every save.
    wagtail_reference_index_ignore = True
    kind = models.CharField(max_length=30, choices=EmailKind.choices)
    recipient_role = models.CharField(max_length=10, choices=RecipientRole.choices)
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.EMAIL)
    to_address = models.EmailField(max_length=254, blank=True)
    to_phone = models.CharField(
        max_length=20, blank=True, help_text="A text's UK mobile number (+44…), until it is sent."
    )
    reference = models.CharField(max_length=14)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enquiry = models.ForeignKey(
        "referrals.Enquiry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(
        max_length=300, blank=True, help_text="The error's type and status; never personal data."
    )
    provider_message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A reminder: the session it is for, and when it may be sent (not before).
    send_after = models.DateTimeField(null=True, blank=True)
    cycle = models.ForeignKey(
        "referrals.Cycle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminders",
        # No reader looks messages up by cycle (reminders are found by their case); only a
        # cycle's deletion, which is rare, reads the table for it.
        db_index=False,
    )
    session = models.CharField(max_length=10, choices=SessionKind.choices, blank=True)
    # A sent text: what the provider last said of its delivery, and when.
    delivery = models.CharField(max_length=20, choices=Delivery.choices, blank=True)
    delivery_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # Every message is written three times (queued, claimed, sent), each time in every index,
        # so it has only those its readers use: its id; outbox_to_send; created_at for the
        # outbox's list, newest first; and its case's foreign key. The admin's filter by state
        # and search by reference read the table (a few rows a case).
        indexes = [
            # The worker's claim (referrals.outbox.claim.claim) asks, every second, for the oldest
            # messages still to send: these few rows, never the thousands already sent.
            models.Index(
                fields=["id"],
                condition=models.Q(state__in=["queued", "retrying", "failed"]),
                name="outbox_to_send",
            )
        ]
        verbose_name = "message"
        verbose_name_plural = "outbox"

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"
