"""The Wagtail admin without inline scripts.

The admin's Content Security Policy (vig_site.middleware.ADMIN_CSP) allows scripts from the
site only. Wagtail 8 still writes inline scripts for its date, time and date-and-time pickers
(page scheduling, the schedule-publishing dialog), its inline panels (the workflow editor's
tasks, any model edited with InlinePanel or MultipleChooserPanel) and every chooser (pages,
images, documents, snippets, tasks; home.admin_scripts). Our templates and that module carry
the same calls as data, and static/js/admin_init.js makes them. The widgets' templates are
overridden by name (home comes before wagtail.admin in INSTALLED_APPS); the panels' through
their BoundPanel's template_name, which extends Wagtail's and replaces only its js_init block.
tests/home/test_admin_scripts.py fails, naming Wagtail, when an upgrade changes what this
relies on; tests/browser/test_admin_without_inline_scripts.py walks the admin's screens.
"""

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.panels import InlinePanel, MultipleChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.views import snippets_api
from wagtail_localize.views.report import TranslationsReportView

from . import admin_scripts, review_dates
from .models import LanguageReview, SiteWording
from .service_status import AlertBannerViewSet

InlinePanel.BoundPanel.template_name = "vig_admin/inline_panel.html"
MultipleChooserPanel.BoundPanel.template_name = "vig_admin/multiple_chooser_panel.html"
admin_scripts.install()


@hooks.register("insert_global_admin_js")
def start_widgets_without_inline_scripts():
    return format_html('<script src="{}"></script>', static("js/admin_init.js"))


# Service status: the alert banners, in the main menu (home.service_status).
register_snippet(AlertBannerViewSet)


class SiteWordingViewSet(SnippetViewSet):
    """The settings' public words in each language (home.models.wording): editors translate
    the English row with wagtail-localize's "Translate"."""

    model = SiteWording
    icon = "doc-full"
    menu_label = "Site wording in other languages"
    menu_name = "site-wording"
    add_to_settings_menu = True
    list_display = ["__str__", "team_name"]


class LanguageReviewViewSet(SnippetViewSet):
    """Whether a professional translator has checked each language (the go-live checks list
    those not checked). Managers and Content editors may record it (home migration 0016)."""

    model = LanguageReview
    icon = "tick"
    menu_label = "Translation checks"
    menu_name = "translation-checks"
    add_to_settings_menu = True
    list_display = ["__str__", "checked_by_professional", "checked_on", "checked_by"]


register_snippet(SiteWordingViewSet)
register_snippet(LanguageReviewViewSet)


@hooks.register("construct_homepage_panels")
def add_review_dates_panel(request, panels):
    """Pages due for review, for those who edit pages (home.review_dates)."""
    if user_has_any_page_permission(request.user):
        panels.append(review_dates.ReviewDatesPanel(request))


# An overdue page is flagged in the page explorer.
hooks.register("register_page_listing_buttons", review_dates.overdue_listing_buttons)


# wagtail-localize's "Translations" report (every translation of every page and snippet) and its
# snippet API are for those who translate: the report's menu item shows for everyone and neither
# view checks a permission, so the menu item is hidden from, and both are refused to, everyone
# else (triage officers, Guiders). tests/security/test_translation_routes.py.
CAN_TRANSLATE = "wagtail_localize.submit_translation"


@hooks.register("construct_reports_menu")
def translations_report_for_translators(request, menu_items):
    if not request.user.has_perm(CAN_TRANSLATE):
        menu_items[:] = [item for item in menu_items if item.name != "translations"]


def _translators_only(view):
    def guarded(request, *args, **kwargs):
        if not request.user.has_perm(CAN_TRANSLATE):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


@hooks.register("register_admin_urls")
def guard_the_translations_report():
    # Before wagtail-localize's own (home's hooks are registered first), at the same addresses.
    return [
        path(
            "localize/reports/translations/",
            _translators_only(TranslationsReportView.as_view()),
        ),
        path(
            "localize/reports/translations/results/",
            _translators_only(TranslationsReportView.as_view(results_only=True)),
        ),
        # Its snippet chooser's API (every snippet's id and name) likewise.
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            _translators_only(snippets_api.SnippetViewSet.as_view({"get": "list"})),
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            _translators_only(snippets_api.SnippetViewSet.as_view({"get": "retrieve"})),
        ),
    ]
