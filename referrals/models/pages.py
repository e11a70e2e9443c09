"""Wagtail pages that host the public referral and enquiry forms.

Editors write the words around the form (introduction, privacy notice, confirmation text and
what happens next); the fields themselves are fixed Django forms (referrals.forms) because
triage needs structured data.

Each page answers two URLs: the form itself, and <page>/confirmation/, reached by
redirect-after-POST. The new reference travels in the session, never in the URL, so the
confirmation page cannot be reached by guessing another family's reference, and it shows no
personal data.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .cases import ReferralKind

logger = logging.getLogger(__name__)

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
SESSION_KEY = "intake-confirmation-{page_id}"
# Label and input width class of the day, month and year inputs.
DATE_PARTS = [("Day", 2), ("Month", 2), ("Year", 4)]


class IntakeFormPage(RoutablePageMixin, Page):
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

    # --- what each kind of page provides ---------------------------------------------------

    def get_form(self, data=None):
        raise NotImplementedError

    def submit(self, *, form, verdict):
        raise NotImplementedError

    # --- the two routes ----------------------------------------------------------------------

    @path("")
    def form_view(self, request):
        from .. import ratelimit, spam

        if request.method == "POST":
            form = self.get_form(data=request.POST)
            if not ratelimit.reserve(request):
                # Keep what they typed, but do not check it or save it: ask them to phone.
                form._errors = ErrorDict()
                return self.render_form(request, form, rate_limited=True, status=429)
            if form.is_valid():
                verdict = spam.assess(form)
                try:
                    case = self.submit(form=form, verdict=verdict)
                except ValidationError as exc:  # defence in depth: the form should catch it
                    logger.warning("Submission refused by model validation on page %s", self.pk)
                    self._add_model_errors(form, exc)
                else:
                    request.session[SESSION_KEY.format(page_id=self.pk)] = {
                        "reference": case.reference,
                        "received": timezone.localdate(case.received_at).isoformat(),
                    }
                    return redirect(self.url + "confirmation/")
            ratelimit.release(request)  # nothing was saved: mistakes do not count
            return self.render_form(request, form)
        return self.render_form(request, self.get_form())

    @path("confirmation/")
    def confirmation_view(self, request):
        from home.models import SiteSettings

        from ..services.intake import contact_by_date

        stored = request.session.get(SESSION_KEY.format(page_id=self.pk))
        if not stored:
            return redirect(self.url)
        team = SiteSettings.for_request(request)
        received = datetime.date.fromisoformat(stored["received"])
        response = self.render(
            request,
            template=self.confirmation_template,
            context_overrides={
                "reference": stored["reference"],
                "contact_by": contact_by_date(received, team.response_working_days),
            },
        )
        add_never_cache_headers(response)
        return response

    # --- helpers -----------------------------------------------------------------------------

    def render_form(self, request, form, *, rate_limited=False, status=200):
        response = self.render(
            request,
            template=self.form_template,
            context_overrides={
                "form": form,
                "date_parts": DATE_PARTS,
                "rate_limited": rate_limited,
                "has_errors": bool(form.is_bound and not rate_limited and form.errors),
            },
        )
        response.status_code = status
        add_never_cache_headers(response)
        return response

    @staticmethod
    def _add_model_errors(form, exc):
        messages = getattr(exc, "message_dict", {"__all__": exc.messages})
        for name, errors in messages.items():
            field = name if name in form.fields else None
            for _message in errors:
                form.add_error(field, "Check this answer and try again")


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
    template = "pages/referral_form_page.html"
    form_template = "pages/referral_form_page.html"
    case_noun = "referral"

    class Meta:
        verbose_name = "referral form page"

    def get_form(self, data=None):
        from ..forms import ReferralForm

        return ReferralForm(data=data, kind=self.kind)

    def submit(self, *, form, verdict):
        from ..services.intake import referral_submit

        return referral_submit(
            form_data=form.data_for_saving(), page=self, kind=self.kind, spam=verdict
        )


class EnquiryFormPage(IntakeFormPage):
    """The 'ask a question' form."""

    template = "pages/enquiry_form_page.html"
    form_template = "pages/enquiry_form_page.html"
    case_noun = "question"

    class Meta:
        verbose_name = "enquiry form page"

    def get_form(self, data=None):
        from ..forms import EnquiryForm

        return EnquiryForm(data=data)

    def submit(self, *, form, verdict):
        from ..services.intake import enquiry_submit

        return enquiry_submit(form_data=form.data_for_saving(), page=self, spam=verdict)
