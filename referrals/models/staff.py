"""Staff sign-in: one-time recovery codes for the second factor, stored only as hashes."""

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
