"""The panels on the Wagtail admin home page: the triage queue's counts that link to the filtered
queue, a Guider's (or Manager's) caseload, and for Managers the waiting list over the last
months and the VIG Guiders' loads against capacity."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from referrals.cases import selectors
from referrals.cases.admin_urls import list_url
from referrals.casework import caseload
from referrals.models import Referral
from referrals.report import waiting
from referrals.report.tables import SUPPRESSION_NOTE
from referrals.staff.roles import VIG_GUIDERS


class DashboardPanel(Component):
    class Media:
        css = {"all": ["referrals/triage-admin.css"]}

    def __init__(self, request):
        self.request = request


class TriageDashboardPanel(DashboardPanel):
    name = "triage_queue"
    template_name = "referrals/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context=None):
        user = self.request.user
        counts = selectors.dashboard_counts(user)
        index = list_url(Referral)
        items = [
            ("New", counts["new"], list_url(Referral, status__exact="new")),
            ("Overdue", counts["overdue"], list_url(Referral, overdue="yes")),
            (
                "Awaiting a VIG Guider",
                counts["awaiting_allocation"],
                list_url(Referral, status__exact="accepted"),
            ),
            ("Assigned to me", counts["assigned_to_me"], list_url(Referral, assigned="me")),
        ]
        return {"items": items, "index_url": index, "counts": counts}


class CaseloadPanel(DashboardPanel):
    """A VIG Guider's own families (next session, reviews overdue, footage to delete), and for
    Managers every family's footage due for deletion."""

    name = "caseload"
    template_name = "referrals/admin/caseload_panel.html"
    order = 40

    def get_context_data(self, parent_context=None):
        user = self.request.user
        families = caseload.guider_caseload(user)
        overdue, soon = caseload.footage_to_delete(user)
        return {
            "families": families,
            "show_families": bool(families) or user.groups.filter(name=VIG_GUIDERS).exists(),
            "footage_overdue": overdue,
            "footage_soon": soon,
            "review_days": settings.REVIEW_WITHIN_DAYS,
            "today": timezone.localdate(),
        }


class WaitingListPanel(DashboardPanel):
    """For Managers: the waiting list's length at the end of each of the last six months (this
    month to today) and each VIG Guider's families against their capacity, with the report's
    small-number suppression."""

    name = "waiting_list"
    template_name = "referrals/admin/waiting_panel.html"
    order = 55
    MONTHS = 6

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        months, month = [], today.replace(day=1)
        for _ in range(self.MONTHS):
            months.insert(0, month)
            month = (month - datetime.timedelta(days=1)).replace(day=1)
        return {
            "lengths": [
                (end, waiting.shown(count)) for end, count in waiting.length_by_month(months, today)
            ],
            "loads": waiting.loads_shown(),
            "waiting_list_url": reverse("referrals_waiting_list"),
            "report_url": reverse("referrals_service_report") + "#waiting-over-time",
            "suppression_note": SUPPRESSION_NOTE,
        }
