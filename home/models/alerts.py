"""Service status: the alert banners editors put at the top of every public page ("We are closed
from 24 to 26 December. If a child is in danger, phone 999."), each within an optional window."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin


class AlertBanner(TranslatableMixin, models.Model):
    """One banner. Every banner whose window holds the present moment is shown, important ones
    first; the page cache never keeps a page past the next start or end (home.cache)."""

    IMPORTANT = "important"
    INFORMATION = "information"
    KINDS = [(IMPORTANT, "Important"), (INFORMATION, "Information")]

    kind = models.CharField(
        max_length=20,
        choices=KINDS,
        default=IMPORTANT,
        verbose_name="Type",
        help_text="'Important' for something that changes what people should do (the office "
        "is closed, the phone line is down); 'Information' for news that can wait.",
    )
    heading = models.CharField(
        max_length=120,
        help_text="One short sentence, shown in bold. For example: 'We are closed from 24 to "
        "26 December.'",
    )
    text = models.TextField(
        blank=True,
        max_length=400,
        help_text="What people should do meanwhile, in one or two plain sentences. For "
        "example: 'If a child is in danger, phone 999.'",
    )
    starts_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="Show from",
        help_text="When the banner first appears. Leave empty to show it as soon as it is saved.",
    )
    ends_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="Show until",
        help_text="When the banner disappears by itself. Leave empty to show it until you "
        "delete it.",
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("heading"),
        FieldPanel("text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])],
            heading="When to show it (UK time)",
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "alert banner"
        # A banner without a start shows from the moment it is saved: first, on every database
        # (PostgreSQL would put nulls last, SQLite first).
        ordering = [F("starts_at").asc(nulls_first=True), "pk"]

    def __str__(self):
        return self.heading

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "'Show until' must be after 'Show from'."})

    @property
    def is_important(self):
        return self.kind == self.IMPORTANT

    def is_showing_at(self, moment):
        return (self.starts_at is None or self.starts_at <= moment) and (
            self.ends_at is None or moment < self.ends_at
        )

    def status(self):
        """'Showing', 'Waiting' or 'Ended' now (the editors' list)."""
        return self.window_status(timezone.now())

    status.short_description = "Now"

    def window_status(self, moment):
        """'Showing', 'Waiting' or 'Ended' at `moment` (the editors' list)."""
        if self.ends_at is not None and self.ends_at <= moment:
            return "Ended"
        return "Showing" if self.is_showing_at(moment) else "Waiting"


def showing_at(banners, moment):
    """The banners to show at `moment`: important ones first, then in the order they start."""
    showing = [banner for banner in banners if banner.is_showing_at(moment)]
    return sorted(showing, key=lambda banner: not banner.is_important)


def next_change(banners, moment):
    """The first moment after `moment` at which a banner appears or disappears; None if none
    will."""
    times = [
        when
        for banner in banners
        for when in (banner.starts_at, banner.ends_at)
        if when is not None and when > moment
    ]
    return min(times, default=None)


def in_language(banners, source_locale_id, wanted_locale_id):
    """(the English banners, which decide what shows and when, and each one's words for a visitor
    reading `wanted_locale_id`: its translation if an editor made one, else the English banner).
    A translation whose English banner was deleted never shows."""
    source = [banner for banner in banners if banner.locale_id == source_locale_id]
    translated = {
        banner.translation_key: banner for banner in banners if banner.locale_id == wanted_locale_id
    }
    return source, lambda banner: translated.get(banner.translation_key, banner)
