"""The team's one set of settings: contact details and the words used across the site."""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from .. import snapshot
from ..blocks import TimelineStepsBlock
from ..validators import uk_phone_href, uk_phone_national, validate_uk_phone
from . import wording as site_wording
from .wait import PublicWait


def default_what_happens_next():
    """The steps a new site starts with; editors reword them in the settings."""
    return [
        (
            "first_contact",
            {
                "heading": "We read your request and get in touch",
                "text": "A member of the team reads what you sent and contacts you in the way "
                "you said is safe.",
            },
        ),
        (
            "step",
            {
                "heading": "A first meeting to agree your goals",
                "text": "You meet your VIG Guider and choose what you would like to change. "
                "The goals are yours.",
            },
        ),
        (
            "step",
            {
                "heading": "Filming",
                "text": "Your Guider films a few minutes of you and your child doing "
                "something ordinary together, at home or in school.",
            },
        ),
        (
            "step",
            {
                "heading": "The shared review",
                "text": "You watch short clips of the moments that went well with your "
                "Guider, and talk about them. Most families have three cycles of filming "
                "and review.",
            },
        ),
        (
            "step",
            {
                "heading": "We ask what you thought",
                "text": "At the end we ask how helpful it was, so we can keep improving.",
            },
        ),
    ]


class SiteSettingsForm(WagtailAdminModelForm):
    """The settings' admin form: saving them also copies the public wording into the English
    SiteWording, the source editors translate (home.models.wording)."""

    def save(self, commit=True):
        with transaction.atomic():
            team = super().save(commit=commit)
            if commit:
                site_wording.sync_source(team)
        return team


@register_setting(icon="site")
class SiteSettings(BaseGenericSetting):
    """The team's contact details and the words used across the whole site.

    One team runs one site, so these are generic settings: `SiteSettings.load()` anywhere,
    `settings.home.SiteSettings` in templates.
    """

    service_name = models.CharField(
        max_length=60,
        default="VIG Support",
        help_text="The service's name, shown in the header and every page's title.",
    )
    council_name = models.CharField(
        max_length=120,
        blank=True,
        default="",
        help_text="The council's name as the public knows it, for example 'Anytown Council'.",
    )
    council_logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The council's logo, shown beside its name in the footer. A PNG or JPEG at "
        "least 100 pixels high.",
    )
    area_served = models.CharField(
        max_length=120,
        blank=True,
        default="",
        help_text="The area the team serves, as the public knows it, for example 'West "
        "Lothian'. Given to service directories and search engines.",
    )
    team_name = models.CharField(
        max_length=120,
        default="Children & Young People Team",
        help_text="Shown in the header, the footer and the admin dashboard.",
    )
    phone = models.CharField(
        max_length=40,
        default="01506 282948",
        validators=[validate_uk_phone],
        help_text="The number parents should ring, written as people read it, for example "
        "01506 282948. Every page, email and call link uses this one number.",
    )
    email = models.EmailField(
        blank=True,
        help_text="The team's public email address. Leave empty until there is one. New "
        "referral notifications are sent here.",
    )
    opening_hours = models.CharField(
        max_length=200,
        blank=True,
        default="Monday to Friday, 9am to 5pm (except public holidays)",
        help_text="When the phone is answered.",
    )
    address = models.TextField(
        blank=True,
        help_text="The team's postal address, one part per line.",
    )
    relay_uk = models.BooleanField(
        default=True,
        verbose_name="Show the Relay UK line",
        help_text="Show '18001' before the phone number, for people who are deaf, hard of "
        "hearing or speech impaired and call through Relay UK. Relay UK works with any UK "
        "number, so leave this on unless the team cannot take these calls.",
    )
    contact_scotland_bsl = models.BooleanField(
        default=False,
        verbose_name="Show contactSCOTLAND-BSL",
        help_text="Show contactSCOTLAND-BSL beside the phone number: the free national video "
        "relay service through which British Sign Language users call any number with a BSL "
        "interpreter on screen. Turn it on in Scotland, where the service runs.",
    )
    national_body_name = models.CharField(
        max_length=120,
        default="Association for Video Interaction Guidance UK (AVIGuk)",
        help_text="The name of the national VIG association.",
    )
    national_body_url = models.URLField(
        default="https://www.videointeractionguidance.net/",
        help_text="The national VIG association's website.",
    )
    response_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="How many working days (Monday to Friday) the team takes to get in touch "
        "after a referral or question. Shown on the confirmation page and email.",
    )
    what_happens_next = StreamField(
        TimelineStepsBlock(),
        blank=True,
        default=default_what_happens_next,
        verbose_name="What happens next",
        help_text="The steps after someone asks for support, in order. Shown on the "
        "confirmation page, in the confirmation email and wherever a page has a 'What "
        "happens next' block. The 'We get in touch' step is followed by the working days "
        "above.",
    )
    show_current_wait = models.BooleanField(
        default=True,
        verbose_name="Show the current wait",
        help_text="Show 'Most families start within about N weeks', worked out every day from "
        "the team's own records. It is never shown when fewer than five families started in "
        "the last six months. When it is not shown, people are asked to phone instead.",
    )
    quick_exit_url = models.URLField(
        default="https://www.bbc.co.uk/weather",
        help_text="Where 'Leave this site quickly' takes someone: an ordinary, harmless site "
        "that raises no questions if someone else sees the screen.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The privacy notice, linked from the footer and every form.",
    )
    cover_tracks_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A short page on covering your tracks online (what browsers keep, private "
        "browsing, clearing history), linked under 'Leave this site quickly' on every page.",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The accessibility statement, linked from the footer.",
    )

    panels = [
        FieldPanel("service_name"),
        FieldPanel("council_name"),
        FieldPanel("council_logo"),
        FieldPanel("area_served"),
        FieldPanel("team_name"),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("address"),
                FieldPanel("relay_uk"),
                FieldPanel("contact_scotland_bsl"),
                FieldPanel("response_working_days"),
            ],
            heading="Contact details",
        ),
        MultiFieldPanel(
            [FieldPanel("what_happens_next"), FieldPanel("show_current_wait")],
            heading="What happens next, and the current wait",
        ),
        MultiFieldPanel(
            [FieldPanel("national_body_name"), FieldPanel("national_body_url")],
            heading="National association",
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading="Footer links",
        ),
        MultiFieldPanel(
            [FieldPanel("quick_exit_url"), FieldPanel("cover_tracks_page")],
            heading="Leave this site quickly",
        ),
    ]

    base_form_class = SiteSettingsForm

    class Meta:
        verbose_name = "Team and contact details"

    @classmethod
    def load(cls, request_or_site=None):
        """Wagtail's load(), but for an anonymous visitor's request the settings are read once
        per content version and process (home.snapshot), not once a request."""
        request = request_or_site if isinstance(request_or_site, HttpRequest) else None
        if request is None or not snapshot.applies(request):
            return super().load(request_or_site)
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            setattr(request, attr_name, snapshot.remember(request, cls, cls._get_or_create))
        return getattr(request, attr_name)

    def __str__(self):
        return self.team_name

    def clean(self):
        """The number is kept as people in the UK read it (01506 282948), however it was typed,
        so the pages, the Relay UK line and the call links all agree. The opening hours lose a
        full stop at their end: the pages put them in a sentence of their own."""
        super().clean()
        # The hours end a sentence of the templates' own ("Lines are open: ...."), once.
        self.opening_hours = self.opening_hours.strip().rstrip(".")
        try:
            self.phone = uk_phone_national(self.phone)
        except ValidationError:
            pass  # the field's own validator says so, next to the field

    @cached_property
    def stored_wait(self):
        """The latest worked-out wait (home.models.wait), read once for this object: for an
        anonymous visitor, once per content version (saving the figure starts a new one)."""
        return PublicWait.latest()

    @property
    def current_wait(self):
        """The wait to show the public now, or None: the editors' switch is off, too few
        families started, or the figure is more than a week old."""
        wait = self.stored_wait if self.show_current_wait else None
        return wait if wait is not None and wait.is_shown(timezone.now()) else None

    def wording(self):
        """These settings with their public words in the active language, each falling back
        to the English setting (home.models.wording). Templates: `team.wording.team_name`, or
        `{% with team=settings.home.SiteSettings.wording %}`. In English, the settings
        themselves (no query); otherwise read once per object and language."""
        language = site_wording.active_language()
        if language is None:
            return self
        found = self.__dict__.setdefault("_wording_by_language", {})
        if language not in found:
            found[language] = site_wording.translated(self, language)
        return found[language]

    @property
    def phone_href(self):
        return uk_phone_href(self.phone)

    @property
    def relay_uk_phone(self):
        """The number as a Relay UK user dials it: 18001, then the whole number."""
        return f"18001 {self.phone}"

    @property
    def relay_uk_href(self):
        href = uk_phone_href(self.phone)  # tel:+441506282948 -> tel:1800101506282948
        return "tel:18001" + "0" + href.removeprefix("tel:+44") if href else ""
