"""Review dates: every content page has a date by which an editor checks it is still right
(BasePage.review_by, a year after first publishing unless set; the accessibility statement a
year after it was last reviewed). The editors' dashboard lists the
pages due within REVIEW_SOON_DAYS and those overdue; the page explorer flags an overdue page.
Nothing of it is public."""

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import AccessibilityStatementPage, BasePage, HomePage, InformationPage
from .models.accessibility_statement import statement_review_due
from .models.pages import review_due

# How far ahead the dashboard looks.
REVIEW_SOON_DAYS = 30
# The page types that carry a review date, the fields it is worked out from, and how.
REVIEWED_PAGE_TYPES = (
    (HomePage, ("review_by", "first_published_at"), review_due),
    (InformationPage, ("review_by", "first_published_at"), review_due),
    (AccessibilityStatementPage, ("reviewed_on", "prepared_on"), statement_review_due),
)


def pages_due_for_review(user, *, today=None, within_days=REVIEW_SOON_DAYS):
    """The live pages `user` may edit whose review is due within `within_days` of `today`, or
    overdue, the earliest first: (id, title, due date, overdue) each."""
    today = today or timezone.localdate()
    last_day = today + datetime.timedelta(days=within_days)
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    due = []
    for model, fields, due_from in REVIEWED_PAGE_TYPES:
        rows = (
            model.objects.live()
            .filter(pk__in=editable.values("pk"))
            .values_list("pk", "title", *fields)
        )
        for pk, title, *dates in rows:
            when = due_from(*dates)
            if when is not None and when <= last_day:
                due.append((pk, title, when, when < today))
    return sorted(due, key=lambda row: (row[2], row[1]))


def is_overdue(page, today=None):
    """Whether a (specific) page is past its review date."""
    if not isinstance(page, BasePage | AccessibilityStatementPage) or not page.live:
        return False
    due = page.review_due
    return due is not None and due < (today or timezone.localdate())


class ReviewDatesPanel(Component):
    """The editors' dashboard: pages due for review soon, and those overdue."""

    name = "review_dates"
    template_name = "vig_admin/review_dates_panel.html"
    order = 60

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        pages = [
            {
                "title": title,
                "due": due,
                "overdue": overdue,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[pk]),
            }
            for pk, title, due, overdue in pages_due_for_review(self.request.user)
        ]
        return {"pages": pages, "soon_days": REVIEW_SOON_DAYS}


def overdue_listing_buttons(page, user, next_url=None):
    """The page explorer's flag on an overdue page: a link to its edit screen's Promote tab,
    where the review date is."""
    if is_overdue(page) and page.permissions_for_user(user).can_edit():
        yield ListingButton(
            "Review overdue",
            reverse("wagtailadmin_pages:edit", args=[page.pk]) + "#tab-promote",
            icon_name="warning",
            priority=1,
            attrs={
                "aria-label": f"Review overdue for '{page.title}': due {page.review_due:%-d %B %Y}",
                "data-review-overdue": "",
            },
        )
