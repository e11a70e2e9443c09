"""The current wait a family can expect, as the public sees it: "Most families start within about
N weeks".

The figure is worked out away from any visitor's request, from the team's own casework (the
daily `update_public_wait`, in referrals), and kept here in one row of its own, so an editor
saving the site settings never overwrites it. Saving it starts a new content version (home.signals),
so cached pages pick it up. Whether it is shown is decided here, as each page is rendered: only
with enough families behind it, only while it is recent, and only when the editors want it
(SiteSettings.show_current_wait).
"""

import datetime

from django.db import models
from django.utils import timezone

# Fewer families than this and the figure is never shown: it could point at one family.
MIN_FAMILIES = 5
# A figure older than this is not shown: the daily recalculation has stopped.
SHOWN_FOR = datetime.timedelta(days=7)


class PublicWait(models.Model):
    """The one row holding the latest figure (pk ONE)."""

    ONE = 1

    weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Most families start within about this many weeks of asking: the middle "
        "(median) wait from referral to first filming, rounded up to whole weeks. Empty when "
        "too few families started to say.",
    )
    families = models.PositiveIntegerField(
        default=0,
        help_text="How many families had their first filming in the six months the figure "
        "is worked out from.",
    )
    worked_out_at = models.DateTimeField(
        default=timezone.now,
        help_text="When the figure was last worked out (every day, by the worker).",
    )

    class Meta:
        verbose_name = "current wait"

    def __str__(self):
        if self.weeks is None:
            return f"Too few families to say ({self.families})"
        return f"About {self.weeks} weeks ({self.families} families)"

    @classmethod
    def latest(cls):
        """The stored figure (the newest, should there ever be more than one row), or None
        before it was first worked out."""
        return cls.objects.order_by("-worked_out_at", "-pk").first()

    def is_shown(self, now=None):
        """True when the figure may be shown: enough families behind it, and recent."""
        now = now or timezone.now()
        return (
            self.weeks is not None
            and self.families >= MIN_FAMILIES
            and now - self.worked_out_at <= SHOWN_FOR
        )
