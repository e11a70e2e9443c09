"""The queue's list screens: filters, search by reference or name, and (for managers) export."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail_modeladmin.views import IndexView

from ... import export
from ...references import normalise_reference
from ...services.triage import APPLY_RETENTION
from .search import PostedSearchMixin

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
        return context
