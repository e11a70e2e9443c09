"""The translator's sign-off: whether a language's translation has been checked by a
professional translator (`LanguageReview`, one row per Wagtail locale).

A Manager or editor records it in the admin (Settings > Translation checks); the go-live checks
(referrals.checks) list every language of the site without it. The demo's machine-made or
volunteer translations are a start, not a sign-off.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel


class LanguageReviewForm(WagtailAdminModelForm):
    """Records who ticked "checked by a professional translator", and when (today, unless the
    editor gives the day the translator finished)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("checked_by_professional"):
            if not cleaned.get("checked_on"):
                cleaned["checked_on"] = timezone.localdate()
                self.instance.checked_on = cleaned["checked_on"]
            if "checked_by_professional" in self.changed_data and self.for_user is not None:
                self.instance.checked_by = self.for_user
        else:
            cleaned["checked_on"] = None
            self.instance.checked_on = None
            self.instance.checked_by = None
        return cleaned


class LanguageReview(models.Model):
    locale = models.OneToOneField(
        "wagtailcore.Locale",
        on_delete=models.CASCADE,
        related_name="language_review",
        verbose_name="Language",
        help_text="The language whose translation this is about.",
    )
    checked_by_professional = models.BooleanField(
        default=False,
        verbose_name="Checked by a professional translator",
        help_text="Tick only when a professional translator has read the whole translation: "
        "the pages, the forms' questions and messages, the emails and the site wording.",
    )
    checked_on = models.DateField(
        null=True,
        blank=True,
        verbose_name="Checked on",
        help_text="The day the translator finished. Left empty, today is recorded.",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Recorded by",
        help_text="Who ticked the box (recorded automatically).",
    )
    notes = models.TextField(
        blank=True,
        help_text="Who checked it (the translator or agency) and anything left to do. Never "
        "shown to the public.",
    )

    base_form_class = LanguageReviewForm
    panels = [
        FieldPanel("locale"),
        FieldPanel("checked_by_professional"),
        FieldPanel("checked_on"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = "translation check"
        verbose_name_plural = "translation checks"

    def __str__(self):
        return self.locale.get_display_name()


def languages_not_checked():
    """The site's languages other than its own (settings.LANGUAGES, LANGUAGE_CODE) whose
    translation nobody has marked checked by a professional translator, as language codes in
    the settings' order. Reads the database (one query)."""
    own = settings.LANGUAGE_CODE.lower()
    others = [code for code, _name in settings.LANGUAGES if code.lower() != own]
    checked = {
        code.lower()
        for code in LanguageReview.objects.filter(
            checked_by_professional=True, locale__language_code__in=others
        ).values_list("locale__language_code", flat=True)
    }
    return [code for code in others if code.lower() not in checked]
