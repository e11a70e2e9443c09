"""The "Referrals" menu group: Referrals, Enquiries, the Email outbox and, for Managers,
subject requests."""

from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from referrals import permissions as perms
from referrals.cases import selectors
from referrals.cases.display import age_text, display_name, flag_tags
from referrals.cases.kinds import ENQUIRY, REFERRAL, kind_of
from referrals.models import OutboundEmail
from referrals.privacy.subject_requests import ANSWER_SUBJECT_REQUESTS
from referrals.triage import filters
from referrals.triage.case_view import CaseInspectView
from referrals.triage.permission_helpers import CasePermissionHelper, ReadOnlyPermissionHelper
from referrals.triage.queue import CaseIndexView, OutboxIndexView


def status_tag(case):
    open_statuses = kind_of(case).open
    classname = "w-status w-status--primary" if case.status in open_statuses else "w-status"
    return format_html('<span class="{}">{}</span>', classname, case.get_status_display())


class CaseAdmin(ModelAdmin):
    """What the referral and enquiry queues share."""

    inspect_view_enabled = True
    history_view_enabled = False
    permission_helper_class = CasePermissionHelper
    index_view_class = CaseIndexView
    inspect_view_class = CaseInspectView
    index_template_name = "referrals/admin/index.html"
    inspect_template_name = "referrals/admin/inspect.html"
    list_per_page = 50
    search_fields = ("reference",)
    inspect_view_extra_css = ["referrals/triage-admin.css"]
    index_view_extra_css = ["referrals/triage-admin.css"]

    def reference_link(self, obj):
        """The row's one link: to the case, carrying the list's filters, order and search token
        (set by CaseIndexView) so the case page can offer the next case in this list."""
        url = getattr(obj, "case_url", None) or self.url_helper.get_action_url("inspect", obj.pk)
        return format_html('<a href="{}"><strong>{}</strong></a>', url, obj.reference)

    reference_link.short_description = "Reference"
    reference_link.admin_order_field = "reference"

    def received(self, obj):
        return format_html(
            "{}<br><small>{}</small>",
            timezone.localtime(obj.received_at).strftime("%-d %b %Y %H:%M"),
            age_text(selectors.age_in_days(obj)),
        )

    received.short_description = "Received"
    received.admin_order_field = "received_at"

    def status_display(self, obj):
        return status_tag(obj)

    status_display.short_description = "Status"
    status_display.admin_order_field = "status"

    def assigned(self, obj):
        return display_name(obj.assigned_to, nobody="Unassigned")

    assigned.short_description = "Assigned to"

    def flags(self, obj):
        return flag_tags(selectors.case_flags(obj))

    flags.short_description = "Flags"

    # Set by case_admin() from the kind's description.
    kind = None

    def get_list_display_add_buttons(self, request):
        # No column gets wagtail-modeladmin's own link and "Inspect" button: they wrapped the
        # reference's link in a second, empty one (invalid HTML, an invisible Tab stop) and
        # added a third per row. The reference is the row's one link.
        return None

    def get_ordering(self, request):
        """Overdue first, then the longest waiting; a column heading sorts by that column."""
        return selectors.queue_order(self.kind)

    def get_list_display(self, request):
        own = self.kind.list_columns
        return ("reference_link", *own, "received", "status_display", "assigned", "flags")

    def get_list_filter(self, request):
        return (
            *self.kind.list_filters,
            filters.AssignedFilter,
            filters.OverdueFilter,
            filters.FlaggedFilter,
        )

    def get_search_fields(self, request):
        return ("reference", *self.kind.search_fields)

    def get_queryset(self, request):
        return selectors.case_list(request.user, self.kind).order_by()


def case_admin(kind, **options):
    """The ModelAdmin for one kind of case, from its description."""
    return type(
        f"{kind.model.__name__}Admin",
        (CaseAdmin,),
        {"kind": kind, "model": kind.model, **options},
    )


ReferralAdmin = case_admin(REFERRAL, menu_label="Referrals", menu_icon="folder-inverse")
EnquiryAdmin = case_admin(ENQUIRY, menu_label="Enquiries", menu_icon="help")


class OutboundEmailAdmin(ModelAdmin):
    model = OutboundEmail
    menu_label = "Email outbox"
    menu_icon = "mail"
    permission_helper_class = ReadOnlyPermissionHelper
    index_view_class = OutboxIndexView
    history_view_enabled = False
    list_display = (
        "reference",
        "kind",
        "channel",
        "recipient_role",  # never the address or number: the role only
        "state",
        "delivery",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    )
    list_filter = ("channel", "state", "kind")
    search_fields = ("reference",)
    list_per_page = 50


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class ReferralsGroup(ModelAdminGroup):
    menu_label = "Referrals"
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (ReferralAdmin, EnquiryAdmin, OutboundEmailAdmin)

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            PermissionMenuItem(
                "Waiting list",
                reverse_lazy("referrals_waiting_list"),
                name="waiting-list",
                icon_name="list-ul",
                order=850,
                permission=perms.CHANGE_REFERRAL,
            ),
            PermissionMenuItem(
                "Subject requests",
                reverse_lazy("referrals_subject_requests"),
                name="subject-requests",
                icon_name="user",
                order=900,
                permission=ANSWER_SUBJECT_REQUESTS,
            ),
            PermissionMenuItem(
                "Service report",
                reverse_lazy("referrals_service_report"),
                name="service-report",
                icon_name="table",
                order=950,
                permission=perms.VIEW_SERVICE_REPORT,
            ),
        ]
