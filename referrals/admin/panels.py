"""The triage panel on the Wagtail admin home page: counts that link to the filtered queue."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .. import selectors


class TriageDashboardPanel(Component):
    name = "triage_queue"
    template_name = "referrals/admin/dashboard_panel.html"
    order = 50

    class Media:
        css = {"all": ["referrals/triage-admin.css"]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        counts = selectors.dashboard_counts(user)
        index = reverse("referrals_referral_modeladmin_index")
        items = [
            ("New", counts["new"], f"{index}?status__exact=new"),
            ("Overdue", counts["overdue"], f"{index}?overdue=yes"),
            (
                "Awaiting a VIG Guider",
                counts["awaiting_allocation"],
                f"{index}?status__exact=accepted",
            ),
            ("Assigned to me", counts["assigned_to_me"], f"{index}?assigned=me"),
        ]
        return {"items": items, "index_url": index, "counts": counts}
