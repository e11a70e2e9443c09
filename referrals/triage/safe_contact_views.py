"""On a case's page: "Record a change of safe contact", for whoever may work the case (triage
officers and Managers). Posted back to the page like the other actions, so a mistake is shown
next to its field with what the officer typed kept."""

from django.shortcuts import redirect
from wagtail.admin import messages

from referrals.cases.kinds import kind_of
from referrals.triage import forms
from referrals.triage.errors import WorkflowError
from referrals.triage.safe_contact_change import case_update_safe_contact

KEY = "safe_contact"


class SafeContactChangeMixin:
    """For CaseInspectView: the change-of-safe-contact form and its POST (the view checks the
    right to change the case before it calls `post_safe_contact`)."""

    def safe_contact_applies(self):
        return kind_of(self.instance).has_safe_contact and self.instance.anonymised_at is None

    def safe_contact_form(self, bound_forms):
        if not self.safe_contact_applies():
            return None
        return bound_forms.get(KEY) or forms.SafeContactChangeForm.for_case(
            self.instance, auto_id=f"id_{KEY}-%s"
        )

    def post_safe_contact(self, request):
        if not self.safe_contact_applies():
            messages.error(request, "That action is not available.")
            return redirect(self.inspect_url)
        form = forms.SafeContactChangeForm(request.POST, auto_id=f"id_{KEY}-%s")
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = case_update_safe_contact(
                    case=self.instance,
                    by=request.user,
                    safe_ways=data["safe_contact"],
                    preferred_contact=data["preferred_contact"],
                    may_name_team=data["may_name_team"],
                    note=data["change_note"],
                    expected_version=data["version"],
                )
            except WorkflowError as error:
                return self.action_failed(form, error, key=KEY)
            messages.success(
                request,
                f"The safe contact for {case.reference} is updated: check the box at the top.",
            )
            return redirect(self.inspect_url)
        return self.action_failed(form, None, key=KEY)
