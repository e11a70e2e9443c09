"""A case's page: everything sent, its flags, history and notes, and the actions an officer
may take, each posted back to the page so a mistake is shown next to its field."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail_modeladmin.views import InspectView

from referrals.cases import audit, selectors
from referrals.cases.display import display_name
from referrals.cases.kinds import kind_of
from referrals.casework.views import ACTIONS as CASEWORK_ACTIONS
from referrals.casework.views import CaseworkMixin
from referrals.models import CaseEventAction, ReferralStatus
from referrals.outbox.failures import failed_texts
from referrals.privacy.subject_access import access_log
from referrals.privacy.subject_requests import ANSWER_SUBJECT_REQUESTS
from referrals.triage import forms
from referrals.triage import services as triage
from referrals.triage.presenters import presenter_for
from referrals.triage.queue import case_in_list
from referrals.triage.safe_contact_views import SafeContactChangeMixin


def ids_for(key):
    """The ids of one form's fields: its own prefix (the names it posts stay the same), so
    the three status changes' note boxes, say, each have their own label."""
    return f"id_{key.replace(':', '-')}-%s"


class CaseInspectView(CaseworkMixin, SafeContactChangeMixin, InspectView):
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
        """The page's own address, with the list it was opened from (filters, order, search
        token: never a search term), so "Next case in this list" survives an action."""
        url = self.url_helper.get_action_url("inspect", quote(self.instance.pk))
        state = self.request.GET.urlencode()
        return f"{url}?{state}" if state else url

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
        action = request.POST.get("action")
        if action in CASEWORK_ACTIONS and self.casework_applies():
            return self.post_casework(request, action)  # the Guider's own right is checked there
        if not self.permission_helper.user_can_change_obj(request.user, self.instance):
            raise PermissionDenied
        handler = {
            "transition": self.post_transition,
            "assign": self.post_assign,
            "note": self.post_note,
            "priority": self.post_priority,
            "safe_contact": self.post_safe_contact,
        }.get(action)
        if handler is None:
            messages.error(request, "That action is not available.")
            return redirect(self.inspect_url)
        return handler(request)

    @property
    def kind(self):
        return kind_of(self.instance)

    def transitions(self):
        return self.kind.transitions_from(self.instance.status, self.request.user)

    def transition_form_class(self, transition):
        if transition.needs_decline_reason:
            return forms.DeclineForm
        if transition.needs_guider:
            return forms.AllocateForm
        return forms.TransitionForm

    def apply_transition(self, form, transition):
        data = form.cleaned_data
        return triage.case_transition(
            case=self.instance,
            to=transition.target,
            by=self.request.user,
            note=data.get("note", ""),
            expected_version=data["version"],
            decline_reason=data.get("decline_reason", ""),
            signposted_to=data.get("signposted_to", ""),
            guider=data.get("guider"),
            capacity_reason=data.get("capacity_reason", ""),
        )

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
        key = f"transition:{transition.target}"
        form = self.transition_form_class(transition)(
            request.POST, transitions=[transition], auto_id=ids_for(key)
        )
        if form.is_valid():
            try:
                case = self.apply_transition(form, transition)
            except triage.WorkflowError as error:
                return self.action_failed(form, error, key=key)
            messages.success(request, f"{case.reference} is now “{case.get_status_display()}”.")
            return redirect(self.inspect_url)
        return self.action_failed(form, None, key=key)

    def post_assign(self, request):
        form = forms.AssignForm(request.POST, auto_id=ids_for("assign"))
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
            messages.success(
                request,
                f"{case.reference} is assigned to {display_name(officer)}, who is emailed.",
            )
            return redirect(self.inspect_url)
        return self.action_failed(form, None, key="assign")

    def post_note(self, request):
        form = forms.NoteForm(request.POST, auto_id=ids_for("note"))
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

    def post_priority(self, request):
        form = forms.PriorityForm(request.POST, auto_id=ids_for("priority"))
        if form.is_valid():
            try:
                case = triage.set_priority(
                    case=self.instance,
                    priority=form.cleaned_data["priority"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except triage.WorkflowError as error:
                return self.action_failed(form, error, key="priority")
            state = "has priority" if case.priority else "no longer has priority"
            messages.success(request, f"{case.reference} {state} on the waiting list.")
            return redirect(self.inspect_url)
        return self.action_failed(form, None, key="priority")

    def priority_form(self, bound_forms):
        """Offered for a family on the waiting list, or one that still has priority."""
        case = self.instance
        if not hasattr(case, "priority"):
            return None
        if not (case.priority or case.status == ReferralStatus.ACCEPTED):
            return None
        return bound_forms.get("priority") or forms.PriorityForm(
            initial={"version": case.version, "priority": "0" if case.priority else "1"},
            auto_id=ids_for("priority"),
        )

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
                auto_id=ids_for(key),
            )
            transition_forms.append(
                {"transition": transition, "form": form, "key": key.replace(":", "-")}
            )
        return {
            "transition_forms": transition_forms,
            "assign_form": bound_forms.get("assign")
            or forms.AssignForm(
                initial={"version": version, "officer": self.instance.assigned_to_id},
                auto_id=ids_for("assign"),
            ),
            "note_form": bound_forms.get("note") or forms.NoteForm(auto_id=ids_for("note")),
            "priority_form": self.priority_form(bound_forms),
            "safe_contact_form": self.safe_contact_form(bound_forms),
        }

    def history(self):
        events = list(selectors.case_history(self.instance))
        for event in events:
            event.from_label = (
                self.kind.status_label(event.from_status) if event.from_status else ""
            )
            event.to_label = self.kind.status_label(event.to_status)
        return events

    def get_context_data(self, bound_forms=None, **kwargs):
        case = self.instance
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "case": case,
                "age_in_days": selectors.age_in_days(case),
                "flags": selectors.case_flags(case),
                "history": self.history(),
                "notes": list(selectors.case_notes(case)),
                "can_change": self.permission_helper.user_can_change_obj(self.request.user, case),
                "can_delete": self.permission_helper.user_can_delete_obj(self.request.user, case),
                "delete_url": self.url_helper.get_action_url("delete", quote(case.pk)),
                "erased_on_request": bool(case.anonymised_at)
                and selectors.case_history(case).filter(action=CaseEventAction.ERASED).exists(),
                "seen_by": access_log(case)
                if self.request.user.has_perm(ANSWER_SUBJECT_REQUESTS)
                else None,
                **self.action_forms(bound_forms or {}),
                **self.casework_context(bound_forms or {}),
                **presenter_for(case).context(),
                "in_list": case_in_list(self.model_admin, self.request, case),
                "failed_texts": failed_texts(case),
            }
        )
        return context
