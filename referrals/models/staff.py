"""Staff: one-time recovery codes for the second factor (stored only as hashes), and how many
families each VIG Guider can work with at once."""

from django.conf import settings
from django.db import models


class RecoveryCode(models.Model):
    """One of ten single-use codes a staff member can type instead of their app's code (a lost
    phone). Shown once when made; only an HMAC of each is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Recovery code {self.pk}"


class GuiderCapacity(models.Model):
    """How many families a VIG Guider can work with at once, set by a Manager on the staff
    account. A Guider without a row has the default (DEFAULT_FAMILIES)."""

    DEFAULT_FAMILIES = 6

    guider = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guider_capacity"
    )
    families = models.PositiveSmallIntegerField(
        default=DEFAULT_FAMILIES,
        help_text="How many families this VIG Guider can work with at once. Allocating more "
        "asks the officer for a reason.",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "VIG Guider's capacity"
        verbose_name_plural = "VIG Guiders' capacities"

    def __str__(self):
        return f"Capacity of {self.families} families"
