"""Public CMS pages and the team's site-wide settings."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock
from .cache import mark_shareable
from .glance import check_glance


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
    team_name = models.CharField(
        max_length=120,
        default="Children & Young People Team",
        help_text="Shown in the header, the footer and the admin dashboard.",
    )
    phone = models.CharField(
        max_length=40,
        default="01506 282948",
        help_text="The number parents should ring, written as people read it.",
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
        FieldPanel("team_name"),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("address"),
                FieldPanel("relay_uk"),
                FieldPanel("response_working_days"),
            ],
            heading="Contact details",
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

    class Meta:
        verbose_name = "Team and contact details"

    def __str__(self):
        return self.team_name

    @property
    def phone_href(self):
        return "tel:+44" + "".join(ch for ch in self.phone if ch.isdigit()).removeprefix("0")

    @property
    def relay_uk_phone(self):
        """The number as a Relay UK user dials it: 18001, then the whole number."""
        return f"18001 {self.phone}"

    @property
    def relay_uk_href(self):
        return "tel:18001" + "".join(ch for ch in self.phone if ch.isdigit())


class BasePage(Page):
    """What every public content page has: a short introduction and a body of blocks."""

    introduction = models.TextField(
        blank=True,
        max_length=500,
        help_text="One or two plain sentences shown large under the title. Also used by search "
        "engines when no search description is set.",
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        help_text="The page's content, built from blocks.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    # How many calls to action in the body may be start buttons: one primary action a page.
    start_buttons_in_body = 1

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        starts = sum(
            1
            for block in self.body or []
            if block.block_type == "call_to_action" and block.value.get("start")
        )
        if starts > self.start_buttons_in_body:
            raise ValidationError(
                {
                    "body": "Only one green start button a page: untick 'Start button' on all "
                    "but one call to action."
                    if self.start_buttons_in_body
                    else "The start button under 'At a glance' is this page's green button: "
                    "untick 'Start button' on the calls to action in the body."
                }
            )

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The same for every anonymous visitor, so PublicPageCacheMiddleware may share it;
        # unless it is private (a password, or staff only), which the cache would bypass.
        if not self.get_view_restrictions().exists():
            mark_shareable(response)
        return response


def glance_field(default, help_text):
    return models.CharField(max_length=160, default=default, help_text=help_text)


class HomePage(BasePage):
    """The VIG landing page: what VIG is and how to ask for it.

    Under the introduction, an "at a glance" list of the facts a parent came for and one start
    button, all inside the first screen. Editors word each line; each must keep its fact
    (home.glance).
    """

    glance_heading = models.CharField(
        max_length=60, default="At a glance", help_text="The heading over the list."
    )
    glance_who = glance_field(
        "Any parent or carer of a child from birth to 18",
        "Who VIG is for. Must say: any parent or carer, a child from birth to 18.",
    )
    glance_cost = glance_field("Free", "What it costs. Must say it is free.")
    glance_where = glance_field(
        "Usually at home or school",
        "Where it happens. Must say: at home or in school.",
    )
    glance_cycles = glance_field(
        "3 cycles, and more if you and your Guider agree",
        "How much support. Must say: three cycles, more if the family and Guider agree.",
    )
    glance_how = glance_field(
        "Ask online, or phone",
        "How to ask. Must say: online or by phone. The team's phone number from the site "
        "settings is added at the end.",
    )
    start_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the start button under the list goes: the form to ask for support.",
    )
    start_label = models.CharField(
        max_length=40,
        default="Ask for support",
        help_text="The words on the start button. The page's only green button.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("glance_heading"),
                FieldPanel("glance_who"),
                FieldPanel("glance_cost"),
                FieldPanel("glance_where"),
                FieldPanel("glance_cycles"),
                FieldPanel("glance_how"),
                FieldPanel("start_page"),
                FieldPanel("start_label"),
            ],
            heading="At a glance (shown under the introduction)",
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # Which pages go under it is said by each page type's parent_page_types (the form pages
    # in referrals name this page), so the website app need not know the others.
    max_count = 1
    template = "pages/home_page.html"
    # The start button is the home page's one primary action: no start button in the body.
    start_buttons_in_body = 0

    class Meta:
        verbose_name = "home page"

    def clean(self):
        super().clean()
        check_glance(self)


class InformationPage(BasePage):
    """A general page: more about VIG, the privacy notice, covering your tracks."""

    parent_page_types = ["home.HomePage", "home.InformationPage"]
    subpage_types = ["home.InformationPage"]
    template = "pages/information_page.html"

    class Meta:
        verbose_name = "information page"


# The accessibility statement page type lives in its own module; imported here so Django and
# Wagtail find it with the app's other models.
from .accessibility_statement import AccessibilityStatementPage  # noqa: E402, F401
