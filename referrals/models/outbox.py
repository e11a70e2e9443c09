"""Every email we send, with its state. Request code writes a row; a task sends it.

Nothing personal is stored here but the recipient's address, which is needed to retry and is
cleared once a message to a member of the public has been sent. Subjects and bodies are
rendered at send time from templates/emails/, so they are never stored.
"""

from django.db import models
from django.utils import timezone


class EmailKind(models.TextChoices):
    TEAM_NEW_REFERRAL = "team_new_referral", "Team: new referral"
    TEAM_NEW_ENQUIRY = "team_new_enquiry", "Team: new enquiry"
    REFERRER_CONFIRMATION = "referrer_confirmation", "Referrer: confirmation"
    ENQUIRY_CONFIRMATION = "enquiry_confirmation", "Enquirer: confirmation"
    OFFICER_ASSIGNED = "officer_assigned", "Officer: case assigned"


class RecipientRole(models.TextChoices):
    TEAM = "team", "Team inbox"
    REFERRER = "referrer", "Referrer"
    OFFICER = "officer", "Officer"


class EmailState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will retry)"
    RETRYING = "retrying", "Retrying"
    GAVE_UP = "gave_up", "Failed (gave up)"


class OutboundEmail(models.Model):
    kind = models.CharField(max_length=30, choices=EmailKind.choices)
    recipient_role = models.CharField(max_length=10, choices=RecipientRole.choices)
    to_address = models.EmailField(max_length=254, blank=True)
    reference = models.CharField(max_length=14, db_index=True)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enquiry = models.ForeignKey(
        "referrals.Enquiry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(
        max_length=300, blank=True, help_text="The error's type and status; never personal data."
    )
    provider_message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "email"
        verbose_name_plural = "email outbox"

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"
