"""Every email we send, with its state. Request code writes a row; the worker sends it.

Nothing personal is stored here but the recipient's address, which is needed to retry and is
cleared once a message to a member of the public has been sent. Subjects and bodies are
rendered at send time from templates/emails/, so they are never stored.
"""

from django.db import models
from django.utils import timezone

from referrals.models.choices import EmailKind, EmailState, RecipientRole


class OutboundEmail(models.Model):
    # Cases, their history and the outbox are not content other pages link to: keep them out
    # of Wagtail's reference index, whose update would otherwise queue a task on every save.
    wagtail_reference_index_ignore = True
    kind = models.CharField(max_length=30, choices=EmailKind.choices)
    recipient_role = models.CharField(max_length=10, choices=RecipientRole.choices)
    to_address = models.EmailField(max_length=254, blank=True)
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
        verbose_name = "email"
        verbose_name_plural = "email outbox"

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"
