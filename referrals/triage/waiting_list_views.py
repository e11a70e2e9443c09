"""The waiting-list screen: accepted families awaiting a VIG Guider, in order, with each one's
place, days waited and estimated allocation date, how the estimate was worked out, and the
VIG Guiders' loads. Priority is given or taken away from each row, with a reason.

Who sees it: those who work the triage queue (officers, Managers, superusers). A VIG Guider who
sees only their own families does not: the list is other families.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail.admin import messages

from referrals import permissions as perms
from referrals.cases.admin_urls import case_url_for
from referrals.cases.selectors import sees_only_own_allocations
from referrals.models import Referral, ReferralStatus
from referrals.triage import services as triage
from referrals.triage.forms import PriorityForm
from referrals.triage.waiting_list import PACE_WEEKS, waiting_list

TEMPLATE = "referrals/admin/waiting_list.html"
URL_NAME = "referrals_waiting_list"


def can_see_waiting_list(user):
    return user.has_perm(perms.VIEW_REFERRAL) and not sees_only_own_allocations(user)


def priority_form(referral, data=None):
    return PriorityForm(
        data,
        initial={"version": referral.version, "priority": "0" if referral.priority else "1"},
        auto_id=f"id_priority-{referral.pk}-%s",
    )


class WaitingListView(View):
    def dispatch(self, request, *args, **kwargs):
        if not can_see_waiting_list(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, bound=None, status=200):
        listing = waiting_list()
        can_change = request.user.has_perm(perms.CHANGE_REFERRAL)
        rows = []
        for place in listing.places:
            referral = place.referral
            form = None
            if can_change:
                form = bound if bound and bound[0] == referral.pk else None
                form = form[1] if form else priority_form(referral)
            rows.append({"place": place, "url": case_url_for(Referral, referral.pk), "form": form})
        context = {
            "listing": listing,
            "rows": rows,
            "pace_weeks": PACE_WEEKS,
            "post_url": reverse(URL_NAME),
        }
        return TemplateResponse(request, TEMPLATE, context, status=status)

    def post(self, request):
        if not request.user.has_perm(perms.CHANGE_REFERRAL):
            raise PermissionDenied
        referral = (
            Referral.objects.filter(status=ReferralStatus.ACCEPTED)
            .filter(pk=request.POST.get("referral") or 0)
            .first()
            if (request.POST.get("referral") or "").isdigit()
            else None
        )
        if referral is None:
            messages.error(request, "That family is no longer on the waiting list.")
            return redirect(URL_NAME)
        form = priority_form(referral, request.POST)
        message = f"The change to {referral.reference} was not saved: see below."
        status = 400
        if form.is_valid():
            try:
                case = triage.set_priority(
                    case=referral,
                    priority=form.cleaned_data["priority"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except triage.WorkflowError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                if isinstance(error, triage.ConcurrentChangeError):
                    # As the case page answers the same stale form: a conflict, saying so.
                    message, status = error.message, 409
            else:
                state = "has priority" if case.priority else "no longer has priority"
                messages.success(request, f"{case.reference} {state} on the waiting list.")
                return redirect(URL_NAME)
        messages.error(request, message)
        return self.get(request, bound=(referral.pk, form), status=status)
