"""The queue's list screens: filters, search by reference or name, and (for managers) export."""

import copy

from django.core.exceptions import PermissionDenied
from django.db.models import Window
from django.db.models.functions import Lag
from django.http import QueryDict
from django.urls import reverse
from wagtail.admin.paginator import WagtailPaginator
from wagtail_modeladmin.views import IndexView

from referrals.cases import export, selectors
from referrals.cases.kinds import kind_of
from referrals.cases.references import normalise_reference
from referrals.triage.search import SEARCH_TOKEN_VAR, PostedSearchMixin
from referrals.triage.services import APPLY_RETENTION

EXPORT_FORMATS = ("csv", "xlsx")


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

    def paginator_class(self, queryset, per_page):
        # (IndexView calls self.paginator_class(queryset, per_page).) In the default order,
        # pages are read as the queue's two index-ordered parts (selectors.QueueInOrder).
        if self.ORDER_VAR not in self.params:
            queryset = selectors.QueueInOrder(queryset, kind_of(self.model))
        return WagtailPaginator(queryset, per_page)

    def get_ordering_field_columns(self):
        # The default order (overdue first, then the longest waiting) is no one column's: no
        # heading claims it until the officer sorts by one.
        if self.ORDER_VAR not in self.params:
            return {}
        return super().get_ordering_field_columns()

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
        if self.request.user.has_perm(APPLY_RETENTION):
            context["retention_url"] = reverse("referrals_retention")
        context["is_filtered"] = bool(self.query) or any(
            key not in self.IGNORED_PARAMS for key in self.params
        )
        context["queue_order"] = {
            "is_default": self.ORDER_VAR not in self.params,
            # (new_params, not remove=: modeladmin removes every key that starts with "o".)
            "default_url": self.get_query_string({self.ORDER_VAR: None, self.PAGE_VAR: None}),
            "newest_url": self.get_query_string(
                {self.ORDER_VAR: f"-{self.list_display.index('received')}", self.PAGE_VAR: None}
            ),
        }
        # Each row links to its case with this list's state, for "Next case in this list".
        state = self.list_state()
        rows = list(context["object_list"])
        for case in rows:
            url = self.url_helper.get_action_url("inspect", case.pk)
            case.case_url = f"{url}?{state}" if state else url
        context["object_list"] = rows
        return context

    # The list a case was opened from ---------------------------------------------------------

    def list_state(self):
        """This list's filters, order and search token as a query string; never a search term
        (that stays in the session, behind its token)."""
        keep = {self.ORDER_VAR, SEARCH_TOKEN_VAR}
        for spec in self.filter_specs:
            keep.update(spec.expected_parameters())
        state = QueryDict(mutable=True)
        for key, values in self.params.lists():
            if key in keep:
                state.setlist(key, values)
        return state.urlencode()

    @classmethod
    def for_state(cls, model_admin, request, state):
        """The list as it shows for the query string `state`, without rendering it."""
        listing = copy.copy(request)
        listing.GET = QueryDict(state)
        view = cls(model_admin=model_admin)
        view.setup(listing)
        # What IndexView.dispatch works out before it renders the list (wagtail-modeladmin
        # 2.5; tests/test_private_apis.py fails when dispatch sets something this does not).
        view.list_export = model_admin.get_list_export(listing)
        view.list_display = model_admin.get_list_display(listing)
        view.list_filter = model_admin.get_list_filter(listing)
        view.search_fields = model_admin.get_search_fields(listing)
        view.items_per_page = model_admin.list_per_page
        view.select_related = model_admin.list_select_related
        view.search_handler = model_admin.get_search_handler(listing, view.search_fields)
        view.export = None
        view.page_num = 0
        view.params = listing.GET.copy()
        for key in (cls.PAGE_VAR, cls.ERROR_FLAG, cls.EXPORT_VAR):
            view.params.pop(key, None)
        view.query = ""
        view.queryset = view.get_queryset(listing)
        return view


def case_in_list(model_admin, request, case):
    """Where a case's page leads back to: the list it was opened from (its filters, order and
    search token arrive in the page's query string; without them, the list as it opens) and
    the case after this one in that list.

    When the case has left the list (an officer moved a New case on, in the list of New ones)
    the next case is the top of the list. Returns {"back_url", "next_url", "next_reference"};
    the two next_ values are empty after the list's last case.
    """
    view = CaseIndexView.for_state(model_admin, request, request.GET.urlencode())
    state = view.list_state()
    suffix = f"?{state}" if state else ""
    queryset = view.queryset.select_related(None).only("pk", "reference")
    if view.ORDER_VAR not in view.params:
        following = selectors.QueueInOrder(queryset, kind_of(case)).after(case)
    else:  # sorted by a column
        following = (
            queryset.annotate(previous_pk=Window(Lag("pk"), order_by=queryset.query.order_by))
            .filter(previous_pk=case.pk)
            .first()
        )
        if following is None and not queryset.filter(pk=case.pk).exists():
            following = queryset.exclude(pk=case.pk).first()
    links = {"back_url": f"{view.index_url}{suffix}", "next_url": "", "next_reference": ""}
    if following is not None:
        url = view.url_helper.get_action_url("inspect", following.pk)
        links.update(next_url=f"{url}{suffix}", next_reference=following.reference)
    return links
