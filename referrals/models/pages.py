"""Wagtail pages that host the public referral and enquiry forms.

Editors write the words around the form (introduction, privacy notice, confirmation text and
what happens next); the fields themselves are fixed Django forms (referrals.intake.forms) because
triage needs structured data.

A referral page answers its start page (<page>/), its question pages (<page>/<step>/, one per
topic, described in referrals.intake.steps.REFERRAL_STEPS), <page>/check-your-answers/ and
<page>/confirmation/, reached by redirect-after-POST; an enquiry page answers the form itself
and its confirmation. referrals.intake.views handles them all.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.directory.indexing import KeptOutOfSearchEngines
from home.snapshot import RemembersViewRestrictions
from referrals.models.choices import ReferralKind

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


# Search engines never list a form or its question, check and confirmation pages (not in
# sitemap.xml, disallowed in robots.txt, `noindex`): home.directory.indexing. A referral's start
# page, which holds no form, is the exception (ReferralFormPage.start_page_listed).
class IntakeFormPage(KeptOutOfSearchEngines, RemembersViewRestrictions, RoutablePageMixin, Page):
    introduction = models.TextField(
        blank=True,
        max_length=500,
        help_text="One or two plain sentences shown large under the title.",
    )
    privacy_notice = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Shown just before the send button: what we do with the details and why. "
        "Link to the full privacy notice.",
    )
    submit_label = models.CharField(
        max_length=40, default="Send", help_text="The words on the send button."
    )
    confirmation_title = models.CharField(
        max_length=80,
        default="Thank you",
        help_text="The heading of the green confirmation panel, e.g. 'Referral received'.",
    )
    confirmation_text = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Shown under the panel after sending. Never repeat anything the person typed.",
    )
    what_happens_next = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Shown on the confirmation page after the date by which we will be in touch.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("privacy_notice"),
        FieldPanel("submit_label"),
        MultiFieldPanel(
            [
                FieldPanel("confirmation_title"),
                FieldPanel("confirmation_text"),
                FieldPanel("what_happens_next"),
            ],
            heading="After sending",
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    form_template = None
    confirmation_template = "pages/form_confirmation.html"
    case_noun = "request"  # what the confirmation page calls what was sent

    class Meta:
        abstract = True

    # The request handling (forms, spam checks, saving) sits above models, forms and services,
    # in referrals.intake.views. ReferralsConfig.ready() hands it to the pages, so this module never
    # imports upwards.
    request_handler = None

    # Editors preview the form and the confirmation page that follows it.
    preview_modes = [("", "Form"), ("confirmation", "Confirmation page")]

    def serve_preview(self, request, mode_name):
        return self.request_handler.preview(self, request, mode_name)

    @path("")
    def form_view(self, request):
        return self.request_handler.form_view(self, request)

    @path("confirmation/")
    def confirmation_view(self, request):
        return self.request_handler.confirmation_view(self, request)

    # A referral's question pages and its check page (a one-page form has none: 404).
    @path("check-your-answers/")
    def check_view(self, request):
        return self.request_handler.check_view(self, request)

    @path("<slug:step>/")
    def step_view(self, request, step):
        return self.request_handler.step_view(self, request, step)

    def confirmation_url(self):
        return self.url + self.reverse_subpage("confirmation_view")


class ReferralFormPage(IntakeFormPage):
    """The referral form, for parents and carers or for professionals."""

    kind = models.CharField(
        max_length=20,
        choices=ReferralKind.choices,
        default=ReferralKind.SELF,
        help_text="Who fills in this form: a parent or carer about their own family, or a "
        "professional on a family's behalf.",
    )

    content_panels = [*IntakeFormPage.content_panels, FieldPanel("kind")]
    preview_modes = [
        ("", "Start page"),
        ("check", "Check your answers"),
        ("confirmation", "Confirmation page"),
    ]
    template = "pages/referral_form_page.html"  # the start page
    form_template = "pages/referral_form_page.html"
    case_noun = "referral"
    # The start page (its steps and the current wait, no form) is in the sitemap and allowed in
    # robots.txt; its question, check and confirmation pages are not.
    start_page_listed = True

    class Meta:
        verbose_name = "referral form page"


class EnquiryFormPage(IntakeFormPage):
    """The 'ask a question' form."""

    template = "pages/enquiry_form_page.html"
    form_template = "pages/enquiry_form_page.html"
    case_noun = "question"

    class Meta:
        verbose_name = "enquiry form page"
