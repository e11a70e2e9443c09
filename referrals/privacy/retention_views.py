"""Managers apply the retention policy from the admin (the same as `apply_retention`)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import TemplateView
from wagtail.admin import messages

from referrals.cases.admin_urls import list_url
from referrals.cases.kinds import KINDS
from referrals.cases.selectors import due_for_anonymisation
from referrals.models import Referral
from referrals.triage.services import APPLY_RETENTION, apply_retention


class RetentionView(TemplateView):
    template_name = "referrals/admin/retention.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(APPLY_RETENTION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "days": settings.RETENTION_CLOSED_DAYS,
                "due": [
                    (kind.model._meta.verbose_name_plural, due_for_anonymisation(kind).count())
                    for kind in KINDS
                ],
                "index_url": list_url(Referral),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        count = sum(apply_retention(by=request.user).values())
        if count:
            messages.success(request, f"Personal details removed from {count} closed case(s).")
        else:
            messages.success(request, "No closed case is past the retention period.")
        return redirect("referrals_retention")
