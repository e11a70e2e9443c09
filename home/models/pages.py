"""The public content pages: the home page and information pages, built from blocks."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BaseStreamBlock
from ..cache import mark_shareable
from ..glance import check_glance
from ..snapshot import RemembersViewRestrictions


class ContentPageForm(WagtailAdminPageForm):
    """The page editor: a published page without a review date of its own shows the one that
    applies (a year after it was first published), so the editor sees it and can change it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if "review_by" in self.fields and page.review_by is None and page.first_published_at:
            self.initial["review_by"] = page.review_due


class BasePage(RemembersViewRestrictions, Page):
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

    review_by = models.DateField(
        null=True,
        blank=True,
        verbose_name="Review by",
        help_text="When an editor should check this page is still right. Leave empty for one "
        "year after the page was first published. Never shown to the public; the dashboard "
        "lists pages due in the next 30 days.",
    )

    base_form_class = ContentPageForm
    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("review_by")], heading="Review"),
    ]
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

    @property
    def review_due(self):
        """The date this page is due for review: the one set, else a year after it was first
        published (None for a page never published)."""
        return review_due(self.review_by, self.first_published_at)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The same for every anonymous visitor, so PublicPageCacheMiddleware may share it;
        # unless it is private (a password, or staff only), which the cache would bypass.
        if not self.get_view_restrictions():
            mark_shareable(response)
        return response


def review_due(review_by, first_published_at):
    """When a page is due for review: `review_by` if set, else a year after it was first
    published (None for a page never published)."""
    if review_by is not None:
        return review_by
    if first_published_at is None:
        return None
    return one_year_after(timezone.localdate(first_published_at))


def one_year_after(day):
    """The same date a year on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


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
