"""The site settings' public wording in every language: `SiteWording`, a translatable snippet.

Wagtail's settings cannot be translated by wagtail-localize, so the team's settings
(home.models.settings.SiteSettings) stay the English source, and one `SiteWording` row per
language holds the same public words. The English row is a copy of the settings, made again
whenever they are saved in the admin (`sync_source`); editors translate it with
wagtail-localize's "Translate" (Snippets > Site wording), which makes the Polish and Arabic rows.
`translated(team)` gives the words for the active language, each falling back to the English
setting where its translation is empty or missing.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin

from ..blocks import TimelineStepsBlock

# The settings' fields a family reads, in every language (the same names on both models).
WORDING_FIELDS = (
    "service_name",
    "council_name",
    "team_name",
    "opening_hours",
    "address",
    "national_body_name",
    "what_happens_next",
)

EMPTY_MEANS_ENGLISH = "Leave empty to show the English words from the site settings."


class SiteWording(TranslatableMixin, models.Model):
    """The public words of the site settings in one language. The English row is kept equal
    to Settings > Team and contact details: change the English words there, not here."""

    service_name = models.CharField(max_length=60, blank=True, help_text=EMPTY_MEANS_ENGLISH)
    council_name = models.CharField(max_length=120, blank=True, help_text=EMPTY_MEANS_ENGLISH)
    team_name = models.CharField(max_length=120, blank=True, help_text=EMPTY_MEANS_ENGLISH)
    opening_hours = models.CharField(
        max_length=200,
        blank=True,
        help_text="When the phone is answered. " + EMPTY_MEANS_ENGLISH,
    )
    address = models.TextField(
        blank=True,
        help_text="The postal address, one part per line, as it should be written on an "
        "envelope (usually unchanged). " + EMPTY_MEANS_ENGLISH,
    )
    national_body_name = models.CharField(max_length=120, blank=True, help_text=EMPTY_MEANS_ENGLISH)
    what_happens_next = StreamField(
        TimelineStepsBlock(),
        blank=True,
        verbose_name="What happens next",
        help_text="The steps after someone asks for support. " + EMPTY_MEANS_ENGLISH,
    )

    panels = [FieldPanel(name) for name in WORDING_FIELDS]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "site wording"
        verbose_name_plural = "site wording"
        constraints = [
            models.UniqueConstraint(fields=["locale"], name="one_site_wording_per_language")
        ]

    def __str__(self):
        return f"Site wording ({self.locale.get_display_name()})"

    def clean(self):
        """As the settings do: the hours end a sentence of the templates' own, once."""
        super().clean()
        self.opening_hours = self.opening_hours.strip().rstrip(".")


def sync_source(team):
    """Make the English (default language) wording equal to the settings `team`. Called when
    the settings are saved in the admin, and by the migration that made this model."""
    values = {name: getattr(team, name) for name in WORDING_FIELDS}
    wording, created = SiteWording.objects.get_or_create(
        locale=Locale.get_default(), defaults=values
    )
    if not created:
        for name, value in values.items():
            setattr(wording, name, value)
        wording.save()
    return wording


def active_language():
    """The active language as a Wagtail locale's code ("pl"), or None when it is the site's
    own language (English, the settings themselves) or one the site does not have."""
    try:
        language = get_supported_content_language_variant(translation.get_language())
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return None
    return None if language == default else language


class TranslatedWording:
    """The settings' public words in one language: each field's translation, or the English
    setting where the translation is empty. Every other attribute is the setting's own."""

    def __init__(self, team, wording):
        self._team = team
        self._wording = wording

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in WORDING_FIELDS and self._wording is not None:
            value = getattr(self._wording, name)
            if value:
                return value
        return getattr(self._team, name)


def translated(team, language):
    """`team`'s public words in `language` (a locale's code), falling back to English."""
    wording = (
        SiteWording.objects.filter(locale__language_code=language).select_related("locale").first()
    )
    return TranslatedWording(team, wording)
