"""The triage queue in the Wagtail admin: menu group, audit-log actions, dashboard panel."""

from django.urls import path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from . import audit
from .admin.options import ReferralsGroup
from .admin.panels import TriageDashboardPanel
from .admin.views import RetentionView
from .middleware import is_guider_only

modeladmin_register(ReferralsGroup)


@hooks.register("register_log_actions")
def register_referral_log_actions(actions):
    audit.register_actions(actions)


@hooks.register("construct_homepage_panels")
def add_triage_panel(request, panels):
    if request.user.has_perm("referrals.view_referral"):
        panels.append(TriageDashboardPanel(request))


@hooks.register("construct_reports_menu")
def hide_site_history_from_guiders(request, menu_items):
    if is_guider_only(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("register_admin_urls")
def register_retention_url():
    return [path("referrals/retention/", RetentionView.as_view(), name="referrals_retention")]
