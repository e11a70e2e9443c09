"""The triage queue in the Wagtail admin: menu group, audit-log actions, dashboard panels, and
what each role sees of Wagtail's own screens (referrals.staff.accounts for the user screens)."""

from django.conf import settings
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.widgets import ListingButton
from wagtail_modeladmin.options import modeladmin_register

from referrals import permissions as perms
from referrals.cases import audit
from referrals.privacy.retention_views import RetentionView
from referrals.privacy.subject_request_views import SubjectRequestView
from referrals.report.views import ServiceReportView
from referrals.staff import accounts as staff_accounts
from referrals.staff import capacity as staff_capacity
from referrals.staff import passkeys, passkeys_views, two_factor
from referrals.staff.accounts import within_remit
from referrals.staff.audit_gate import is_guider_only
from referrals.triage.admin import ReferralsGroup
from referrals.triage.panels import CaseloadPanel, TriageDashboardPanel, WaitingListPanel
from referrals.triage.waiting_list_views import WaitingListView

modeladmin_register(ReferralsGroup)

# Our bulk actions on accounts replace Wagtail's: the registry keeps the last one registered
# for an action, and hooks run in order, so ours come after Wagtail's (order 0).
for action_class in staff_accounts.BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=1)


@hooks.register("before_bulk_action")
def refuse_unruled_bulk_actions_on_accounts(request, action_type, objects, action):
    staff_accounts.refuse_unruled_bulk_action(request, action)


@hooks.register("register_log_actions")
def register_referral_log_actions(actions):
    audit.register_actions(actions)


# Wagtail's dashboard panels about pages (and objects in moderation): nothing to show anyone
# without a page permission, so not built for them at all.
PAGE_PANELS = {
    "workflow_objects_to_moderate",
    "user_objects_in_workflow_moderation",
    "recent_edits",
    "locked_pages",
}


@hooks.register("construct_homepage_panels")
def add_triage_panel(request, panels):
    user = request.user
    if not user_has_any_page_permission(user):
        panels[:] = [panel for panel in panels if getattr(panel, "name", None) not in PAGE_PANELS]
    # The queue's counts for those who triage; a Guider who only works their own families
    # has the caseload panel instead.
    if user.has_perm(perms.VIEW_REFERRAL) and not is_guider_only(user):
        panels.append(TriageDashboardPanel(request))
    if user.has_perm(perms.RECORD_CASEWORK):
        panels.append(CaseloadPanel(request))
    # Managers: the waiting list over the last months and the VIG Guiders' loads.
    if user.has_perm(perms.VIEW_SERVICE_REPORT):
        panels.append(WaitingListPanel(request))


@hooks.register("construct_reports_menu")
def hide_site_history_from_guiders(request, menu_items):
    if is_guider_only(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("register_admin_urls")
def register_manager_urls():
    return [
        path("referrals/retention/", RetentionView.as_view(), name="referrals_retention"),
        path(
            "referrals/subject-requests/",
            SubjectRequestView.as_view(),
            name="referrals_subject_requests",
        ),
        path("referrals/report/", ServiceReportView.as_view(), name="referrals_service_report"),
        path("referrals/waiting-list/", WaitingListView.as_view(), name="referrals_waiting_list"),
    ]


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor.verify, name="referrals_two_factor_verify"),
        path("two-factor/enrol/", two_factor.enrol, name="referrals_two_factor_enrol"),
        path(
            "two-factor/recovery-codes/",
            two_factor.recovery_codes,
            name="referrals_two_factor_recovery_codes",
        ),
        path(
            "two-factor/reset/<int:user_id>/",
            two_factor.reset,
            name="referrals_two_factor_reset",
        ),
        *passkeys_views.URLS,
    ]


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action(
        two_factor.RESET_ACTION, "Reset second factor", "Reset the second factor (lost device)"
    )
    actions.register_action(passkeys.ADDED_ACTION, "Add passkey", "Added a passkey")
    actions.register_action(passkeys.USED_ACTION, "Use passkey", "Signed in with a passkey")
    actions.register_action(passkeys.REMOVED_ACTION, "Remove passkey", "Removed a passkey")
    actions.register_action(staff_capacity.CAPACITY_ACTION)(staff_capacity.CapacityLogFormatter)


@hooks.register("register_account_menu_item")
def passkeys_account_menu_item(request):
    return passkeys_views.account_menu_item(request)


@hooks.register("register_reports_menu_item")
def second_factors_menu_item():
    return passkeys_views.team_menu_item()


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    if (
        settings.STAFF_MFA_REQUIRED
        and request_user.has_perm(perms.CHANGE_USER)
        and user != request_user
        and within_remit(request_user, user)
    ):
        url = reverse("referrals_two_factor_reset", args=[user.pk])
        factors_url = reverse("referrals_two_factor_factors", args=[user.pk])
        return [
            ListingButton("Reset second factor", url=url, priority=50),
            ListingButton("Second factors", url=factors_url, priority=51),
        ]
    return []
