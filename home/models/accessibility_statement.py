"""The accessibility statement, as a page type that follows GOV.UK's model statement.

Each part the public sector accessibility regulations require has its own field, so the page
cannot lose one: the compliance status, the content that is not accessible and why, how and
when the site was tested, how to give feedback (by email and phone, from the site settings),
and the enforcement procedure (EHRC in Great Britain, ECNI in Northern Ireland). The fixed
legal sentences come from the model statement and sit in the template.
"""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import RICH_TEXT_FEATURES
from ..cache import mark_shareable
from ..snapshot import RemembersViewRestrictions
from .pages import one_year_after


class KnownIssueBlock(blocks.StructBlock):
    problem = blocks.TextBlock(
        help_text="What does not work, and for whom, in plain words. For example 'The video "
        "on the home page has no captions, so people who cannot hear it miss what is said.'"
    )
    criterion = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="The WCAG 2.2 success criterion it fails, for example '1.2.2 Captions "
        "(Prerecorded)'. Leave empty if it is something not yet checked.",
    )
    plan = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="When and how we will fix it, for example 'We will add captions by March 2027.'",
    )

    class Meta:
        icon = "warning"
        label = "Known issue"
        template = "components/streamfield/blocks/known_issue_block.html"


class AccessibilityStatementPage(RemembersViewRestrictions, Page):
    FULLY = "full"
    PARTIALLY = "partial"
    NOT = "not"
    COMPLIANCE_CHOICES = [
        (FULLY, "Fully compliant"),
        (PARTIALLY, "Partially compliant"),
        (NOT, "Not compliant"),
    ]
    EHRC = "ehrc"
    ECNI = "ecni"
    ENFORCEMENT_CHOICES = [
        (EHRC, "Equality and Human Rights Commission (England, Scotland and Wales)"),
        (ECNI, "Equality Commission for Northern Ireland"),
    ]

    introduction = models.TextField(
        max_length=500,
        default="We want as many people as possible to be able to use this website.",
        help_text="One or two plain sentences shown large under the title.",
    )
    what_you_can_do = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="What people should be able to do: zoom in, use a keyboard, use a screen "
        "reader, and so on. Only what has been checked.",
    )
    compliance = models.CharField(
        max_length=10,
        choices=COMPLIANCE_CHOICES,
        default=PARTIALLY,
        help_text="How far the site meets WCAG 2.2 AA. 'Fully' only if it has been fully "
        "tested and nothing is known to fail; otherwise list the issues below.",
    )
    known_issues = StreamField(
        [("issue", KnownIssueBlock())],
        blank=True,
        help_text="Each part of the site that is not accessible, or not yet checked, and what "
        "we will do about it.",
    )
    improvements = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="What we are doing to improve accessibility. Optional.",
    )
    reply_within_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="How many working days we take to answer a request for another format.",
    )
    enforcement = models.CharField(
        max_length=10,
        choices=ENFORCEMENT_CHOICES,
        default=EHRC,
        help_text="Who enforces the regulations where the council is.",
    )
    prepared_on = models.DateField(help_text="When this statement was first written.")
    reviewed_on = models.DateField(
        null=True, blank=True, help_text="When it was last checked and brought up to date."
    )
    tested_on = models.DateField(help_text="When the website was last tested.")
    tested_by = models.CharField(
        max_length=200,
        help_text="Who tested it, for example 'the team that builds the website' or the name "
        "of an outside company.",
    )
    test_method = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="How it was tested: which pages, which tools, which screen sizes, and what "
        "was not tested.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("what_you_can_do"),
        MultiFieldPanel(
            [FieldPanel("compliance"), FieldPanel("known_issues"), FieldPanel("improvements")],
            heading="How accessible the website is",
        ),
        MultiFieldPanel(
            [FieldPanel("reply_within_days"), FieldPanel("enforcement")],
            heading="Feedback and enforcement (email and phone come from the site settings)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("prepared_on"),
                FieldPanel("reviewed_on"),
                FieldPanel("tested_on"),
                FieldPanel("tested_by"),
                FieldPanel("test_method"),
            ],
            heading="How and when this statement was prepared",
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/accessibility_statement_page.html"

    class Meta:
        verbose_name = "accessibility statement"

    def clean(self):
        super().clean()
        if self.compliance == self.FULLY and self.known_issues:
            raise ValidationError(
                {
                    "compliance": "A site with known issues is not fully compliant: choose "
                    "'Partially compliant', or remove the issues once they are fixed."
                }
            )
        if self.compliance != self.FULLY and not self.known_issues:
            raise ValidationError(
                {
                    "known_issues": "List what is not accessible (or not yet checked): the "
                    "regulations require it when the site is not fully compliant."
                }
            )
        if self.reviewed_on and self.prepared_on and self.reviewed_on < self.prepared_on:
            raise ValidationError(
                {"reviewed_on": "The review cannot be before the statement was prepared."}
            )

    @property
    def review_due(self):
        """The regulations ask for the statement to be reviewed regularly: it is due a year
        after it was last reviewed (or prepared), and the editors' dashboard says so."""
        return statement_review_due(self.reviewed_on, self.prepared_on)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not self.get_view_restrictions():
            mark_shareable(response)
        return response


def statement_review_due(reviewed_on, prepared_on):
    last = reviewed_on or prepared_on
    return one_year_after(last) if last is not None else None
