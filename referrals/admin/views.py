"""Small view classes on top of wagtail-modeladmin's list and inspect views."""

import secrets
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail_modeladmin.views import IndexView, InspectView

from .. import audit, export, selectors, workflow
from ..models import Enquiry, Referral, ReferralKind
from ..references import normalise_reference
from ..services import triage
from ..validators import age_on
from . import forms

EXPORT_FORMATS = ("csv", "xlsx")
SEARCH_SESSION_KEY = "triage-searches"
SEARCH_TOKEN_VAR = "search"  # noqa: S105 - a query parameter name, not a secret
SEARCHES_KEPT = 20


class PostedSearchMixin:
    """Search terms (names, postcodes) never go into a URL, where logs and history keep them.

    The search box posts; the term is kept in the session under a random token and the list is
    shown at ?search=<token>. Links built from the list (pages, filters, exports) carry only the
    token.
    """

    IGNORED_PARAMS = (*IndexView.IGNORED_PARAMS, SEARCH_TOKEN_VAR)

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.post_search(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, request=None):
        # modeladmin reads the term from ?q= just before this; ours comes from the session.
        request = request or self.request
        token = request.GET.get(SEARCH_TOKEN_VAR)
        if token:
            self.query = request.session.get(SEARCH_SESSION_KEY, {}).get(token, "")
        return super().get_queryset(request)

    def post_search(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        term = request.POST.get(self.SEARCH_VAR, "").strip()[:200]
        params = {
            key: value
            for key, value in request.POST.items()
            if key not in (self.SEARCH_VAR, SEARCH_TOKEN_VAR, "csrfmiddlewaretoken")
        }
        if term:
            token = secrets.token_urlsafe(9)
            kept = list(request.session.get(SEARCH_SESSION_KEY, {}).items())
            searches = dict(kept[1 - SEARCHES_KEPT :])
            searches[token] = term
            request.session[SEARCH_SESSION_KEY] = searches
            params[SEARCH_TOKEN_VAR] = token
        query = urlencode(params)
        return redirect(f"{request.path}?{query}" if query else request.path)

    def get_query_string(self, new_params=None, remove=None):
        return super().get_query_string(new_params, [*(remove or []), self.SEARCH_VAR])

    def get_filters_params(self, params=None):
        """Only the listed filters' own parameters ever reach the database.

        wagtail-modeladmin applies any other query-string parameter as a queryset lookup,
        which would let a user probe related rows (`?assigned_to__password__startswith=…`) or
        crash the list with a misspelt one. Anything else is ignored.
        """
        allowed = set()
        for list_filter in self.list_filter:
            if isinstance(list_filter, str):
                allowed |= {f"{list_filter}__exact", f"{list_filter}__isnull"}
            else:
                allowed.add(list_filter.parameter_name)
        params = super().get_filters_params(params)
        return {key: value for key, value in params.items() if key in allowed}


class OutboxIndexView(PostedSearchMixin, IndexView):
    """The email outbox, searched by reference."""


class CaseIndexView(PostedSearchMixin, IndexView):
    """The queue: filters, search by reference or name, and (for managers) export."""

    def dispatch(self, request, *args, **kwargs):
        file_format = request.GET.get(self.EXPORT_VAR)
        if file_format and request.user.is_authenticated:
            if file_format not in EXPORT_FORMATS or not self.permission_helper.user_can_export(
                request.user
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # A reference typed any way finds its case by index. A word that merely looks like one
        # ("Rosemary" reads as VIG-R0SE-MARY) falls through to the name search.
        reference = normalise_reference(search_term)
        if reference:
            exact = queryset.filter(reference=reference)
            if exact.exists():
                return exact
        return super().get_search_results(request, queryset, search_term)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return export.export_response(
            queryset=queryset,
            file_format=spreadsheet_format,
            user=self.request.user,
            model=self.model,
        )

    def export_url(self, file_format):
        return self.get_query_string({self.EXPORT_VAR: file_format}, remove=[self.PAGE_VAR])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.permission_helper.user_can_export(self.request.user):
            context["export_links"] = [
                ("CSV", self.export_url("csv")),
                ("Excel (XLSX)", self.export_url("xlsx")),
            ]
        if self.request.user.has_perm("referrals.apply_retention") and self.model is Referral:
            context["retention_url"] = reverse("referrals_retention")
        context["is_filtered"] = bool(self.query) or any(
            key not in self.IGNORED_PARAMS for key in self.params
        )
        return context


class CaseInspectView(InspectView):
    """A case's detail page. It also receives the actions' forms (POST), so a mistake is
    shown next to its field and nothing the officer typed is lost."""

    def get_page_title(self):
        return self.instance.reference

    def get_page_subtitle(self):
        return self.instance.get_status_display()

    def get_meta_title(self):
        return f"{self.instance.reference} ({self.opts.verbose_name})"

    @property
    def inspect_url(self):
        return self.url_helper.get_action_url("inspect", quote(self.instance.pk))

    def get(self, request, *args, **kwargs):
        return self.render_detail()

    def render_detail(self, bound_forms=None, status=200):
        audit.log_case(self.instance, audit.VIEW, user=self.request.user)
        context = self.get_context_data(bound_forms=bound_forms or {})
        response = self.render_to_response(context)
        response.status_code = status
        return response

    # Actions -------------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        if not self.permission_helper.user_can_change_obj(request.user, self.instance):
            raise PermissionDenied
        handler = {
            "transition": self.post_transition,
            "assign": self.post_assign,
            "note": self.post_note,
        }.get(request.POST.get("action"))
        if handler is None:
            messages.error(request, "That action is not available.")
            return redirect(self.inspect_url)
        return handler(request)

    def transitions(self):
        raise NotImplementedError

    def transition_form_class(self, transition):
        if transition.needs_decline_reason:
            return forms.DeclineForm
        if transition.needs_guider:
            return forms.AllocateForm
        return forms.TransitionForm

    def apply_transition(self, form, transition):
        raise NotImplementedError

    def post_transition(self, request):
        available = {t.target: t for t in self.transitions()}
        transition = available.get(request.POST.get("to"))
        if transition is None:
            messages.error(
                request,
                f"{self.instance.reference} is now “{self.instance.get_status_display()}”: "
                "that change is no longer available.",
            )
            return redirect(self.inspect_url)
        form = self.transition_form_class(transition)(request.POST, transitions=[transition])
        if form.is_valid():
            try:
                case = self.apply_transition(form, transition)
            except triage.WorkflowError as error:
                return self.action_failed(form, error, key=f"transition:{transition.target}")
            messages.success(request, f"{case.reference} is now “{case.get_status_display()}”.")
            return redirect(self.inspect_url)
        return self.action_failed(form, None, key=f"transition:{transition.target}")

    def post_assign(self, request):
        form = forms.AssignForm(request.POST)
        if form.is_valid():
            officer = form.cleaned_data["officer"]
            try:
                case = triage.case_assign(
                    case=self.instance,
                    officer=officer,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except triage.WorkflowError as error:
                return self.action_failed(form, error, key="assign")
            name = officer.get_full_name() or officer.get_username()
            messages.success(request, f"{case.reference} is assigned to {name}, who is emailed.")
            return redirect(self.inspect_url)
        return self.action_failed(form, None, key="assign")

    def post_note(self, request):
        form = forms.NoteForm(request.POST)
        if form.is_valid():
            try:
                triage.case_add_note(
                    case=self.instance, author=request.user, text=form.cleaned_data["text"]
                )
            except triage.WorkflowError as error:
                return self.action_failed(form, error, key="note")
            messages.success(request, f"Your note on {self.instance.reference} is saved.")
            return redirect(self.inspect_url)
        return self.action_failed(form, None, key="note")

    def action_failed(self, form, error, *, key):
        if error is not None:
            if error.field and error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                form.add_error(None, error.message)
        self.instance.refresh_from_db()
        messages.error(
            self.request,
            error.message if error is not None else "The change was not saved: see below.",
        )
        status = 409 if isinstance(error, triage.ConcurrentChangeError) else 400
        return self.render_detail(bound_forms={key: form}, status=status)

    # Context -------------------------------------------------------------------------------

    def action_forms(self, bound_forms):
        user = self.request.user
        if not self.permission_helper.user_can_change_obj(user, self.instance):
            return {}
        version = self.instance.version
        transition_forms = []
        for transition in self.transitions():
            key = f"transition:{transition.target}"
            form = bound_forms.get(key) or self.transition_form_class(transition)(
                initial={"to": transition.target, "version": version},
                transitions=[transition],
            )
            transition_forms.append(
                {"transition": transition, "form": form, "key": key.replace(":", "-")}
            )
        return {
            "transition_forms": transition_forms,
            "assign_form": bound_forms.get("assign")
            or forms.AssignForm(
                initial={"version": version, "officer": self.instance.assigned_to_id}
            ),
            "note_form": bound_forms.get("note") or forms.NoteForm(),
        }

    def history(self):
        labels = dict(self.model._meta.get_field("status").choices)
        events = list(selectors.case_history(self.instance))
        for event in events:
            event.from_label = labels.get(event.from_status, event.from_status)
            event.to_label = labels.get(event.to_status, event.to_status)
        return events

    def get_context_data(self, bound_forms=None, **kwargs):
        case = self.instance
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "case": case,
                "age_in_days": selectors.age_in_days(case),
                "is_overdue": selectors.is_overdue(case),
                "history": self.history(),
                "notes": list(selectors.case_notes(case)),
                "can_change": self.permission_helper.user_can_change_obj(self.request.user, case),
                "can_delete": self.permission_helper.user_can_delete_obj(self.request.user, case),
                "delete_url": self.url_helper.get_action_url("delete", quote(case.pk)),
                **self.action_forms(bound_forms or {}),
            }
        )
        return context


def _yes_no(value):
    return "Yes" if value else "No"


class ReferralInspectView(CaseInspectView):
    def transitions(self):
        return workflow.referral_transitions_from(self.instance.status, self.request.user)

    def apply_transition(self, form, transition):
        data = form.cleaned_data
        return triage.referral_transition(
            referral=self.instance,
            to=transition.target,
            by=self.request.user,
            note=data.get("note", ""),
            expected_version=data["version"],
            decline_reason=data.get("decline_reason", ""),
            signposted_to=data.get("signposted_to", ""),
            guider=data.get("guider"),
        )

    def safe_contact(self):
        r = self.instance
        return [
            ("Email", r.safe_to_email, bool(r.email)),
            ("Text message", r.safe_to_text, bool(r.phone)),
            ("Phone call", r.safe_to_phone, bool(r.phone)),
            ("Voicemail", r.safe_to_voicemail, bool(r.phone)),
        ]

    def sections(self):
        """Everything submitted, in the order a triage officer reads it."""
        r = self.instance
        relationship = r.get_relationship_display()
        if r.relationship_other:
            relationship = f"{relationship}: {r.relationship_other}"
        location = r.get_session_location_display()
        if r.session_location_other:
            location = f"{location}: {r.session_location_other}"
        dob = r.child_date_of_birth
        sections = [
            (
                "Parent or carer",
                [
                    ("Name", r.contact_name),
                    ("Relationship to the child", relationship),
                    ("Phone", r.phone),
                    ("Email", r.email),
                    ("Prefers", r.get_preferred_contact_display()),
                    ("Best times to contact", r.contact_times),
                    ("Postcode", r.postcode),
                ],
            ),
            (
                "The child",
                [
                    ("First name", r.child_first_name),
                    (
                        "Date of birth",
                        f"{dob:%-d %B %Y} (age {age_on(dob, timezone.localdate())})"
                        if isinstance(dob, date)
                        else "",
                    ),
                    ("School or nursery", r.school_or_nursery),
                ],
            ),
            (
                "What they would like",
                [
                    ("What they would like to change", r.what_to_change),
                    ("Where sessions would suit", location),
                    ("Other services involved", r.other_services),
                    ("Preferred language", r.language),
                    ("Interpreter needed", _yes_no(r.interpreter_needed)),
                    ("Access needs", r.access_needs),
                ],
            ),
        ]
        if r.kind == ReferralKind.PROFESSIONAL:
            sections.append(
                (
                    "Professional referrer",
                    [
                        ("Name", r.professional_name),
                        ("Role", r.professional_role),
                        ("Organisation", r.professional_organisation),
                        ("Work email", r.professional_email),
                        ("Work phone", r.professional_phone),
                        ("The family agrees to the referral", _yes_no(r.family_agrees)),
                    ],
                )
            )
        sections.append(
            (
                "Consent",
                [
                    ("Read the privacy notice", _yes_no(r.consent_privacy)),
                    ("Agrees to be contacted", _yes_no(r.consent_contact)),
                ],
            )
        )
        if r.decline_reason or r.signposted_to:
            sections.append(
                (
                    "Decision",
                    [
                        ("Reason for declining", r.decline_reason),
                        ("Signposted to", r.signposted_to),
                    ],
                )
            )
        return sections

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["safe_contact"] = self.safe_contact()
        context["sections"] = self.sections()
        context["unsafe_to_email"] = selectors.is_unsafe_to_email(self.instance)
        return context


class EnquiryInspectView(CaseInspectView):
    def transitions(self):
        return workflow.enquiry_transitions_from(self.instance.status, self.request.user)

    def apply_transition(self, form, transition):
        data = form.cleaned_data
        return triage.enquiry_transition(
            enquiry=self.instance,
            to=transition.target,
            by=self.request.user,
            note=data.get("note", ""),
            expected_version=data["version"],
        )

    def get_context_data(self, **kwargs):
        e = self.instance
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            (
                "The enquiry",
                [
                    ("Name", e.name),
                    ("Email", e.email),
                    ("Phone", e.phone),
                    ("Question", e.question),
                ],
            )
        ]
        return context


class RetentionView(TemplateView):
    """Managers apply the retention policy from the admin (the same as `apply_retention`)."""

    template_name = "referrals/admin/retention.html"
    models = (Referral, Enquiry)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("referrals.apply_retention"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "days": settings.RETENTION_CLOSED_DAYS,
                "due": [
                    (
                        model._meta.verbose_name_plural,
                        selectors.due_for_anonymisation(model).count(),
                    )
                    for model in self.models
                ],
                "index_url": reverse("referrals_referral_modeladmin_index"),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        count = 0
        for model in self.models:
            for case in selectors.due_for_anonymisation(model).iterator():
                triage.case_anonymise(case=case, by=request.user)
                count += 1
        if count:
            messages.success(request, f"Personal details removed from {count} closed case(s).")
        else:
            messages.success(request, "No closed case is past the retention period.")
        return redirect("referrals_retention")


__all__ = [
    "CaseIndexView",
    "CaseInspectView",
    "EnquiryInspectView",
    "ReferralInspectView",
    "RetentionView",
]
