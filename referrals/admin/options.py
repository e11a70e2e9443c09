"""The "Referrals" menu group: Referrals, Enquiries and the Email outbox."""

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from .. import selectors
from ..models import Enquiry, OutboundEmail, Referral
from . import filters
from .permissions import CasePermissionHelper, ReadOnlyPermissionHelper, ReferralPermissionHelper
from .views import CaseIndexView, EnquiryInspectView, OutboxIndexView, ReferralInspectView

ACTIVE_STATUSES = {"new", "under_review", "needs_information", "accepted"}


def status_tag(case):
    classname = "w-status w-status--primary" if case.status in ACTIVE_STATUSES else "w-status"
    return format_html('<span class="{}">{}</span>', classname, case.get_status_display())


def flag_tags(labels):
    if not labels:
        return ""
    return format_html_join(
        " ", '<span class="w-status w-status--label">{}</span>', ((label,) for label in labels)
    )


class CaseAdmin(ModelAdmin):
    """What the referral and enquiry queues share."""

    inspect_view_enabled = True
    history_view_enabled = False
    index_view_class = CaseIndexView
    index_template_name = "referrals/admin/index.html"
    inspect_template_name = "referrals/admin/inspect.html"
    list_per_page = 50
    ordering = ("-received_at", "-id")
    list_display_add_buttons = "reference_link"
    search_fields = ("reference",)
    inspect_view_extra_css = ["referrals/triage-admin.css"]
    index_view_extra_css = ["referrals/triage-admin.css"]

    def reference_link(self, obj):
        return format_html(
            '<a href="{}"><strong>{}</strong></a>',
            self.url_helper.get_action_url("inspect", obj.pk),
            obj.reference,
        )

    reference_link.short_description = "Reference"
    reference_link.admin_order_field = "reference"

    def received(self, obj):
        days = selectors.age_in_days(obj)
        age = "today" if days == 0 else ("1 day ago" if days == 1 else f"{days} days ago")
        return format_html(
            "{}<br><small>{}</small>",
            timezone.localtime(obj.received_at).strftime("%-d %b %Y %H:%M"),
            age,
        )

    received.short_description = "Received"
    received.admin_order_field = "received_at"

    def status_display(self, obj):
        return status_tag(obj)

    status_display.short_description = "Status"
    status_display.admin_order_field = "status"

    def assigned(self, obj):
        officer = obj.assigned_to
        if officer is None:
            return "Unassigned"
        return officer.get_full_name() or officer.get_username()

    assigned.short_description = "Assigned to"

    def flags(self, obj):
        return flag_tags(selectors.case_flags(obj))

    flags.short_description = "Flags"


class ReferralAdmin(CaseAdmin):
    model = Referral
    menu_label = "Referrals"
    menu_icon = "folder-inverse"
    permission_helper_class = ReferralPermissionHelper
    inspect_view_class = ReferralInspectView
    list_display = (
        "reference_link",
        "kind_display",
        "received",
        "status_display",
        "assigned",
        "flags",
    )
    list_filter = (
        "status",
        "kind",
        filters.AssignedFilter,
        filters.OverdueFilter,
        filters.FlaggedFilter,
    )
    search_fields = (
        "reference",
        "contact_name",
        "child_first_name",
        "professional_name",
        "postcode",
    )

    def get_queryset(self, request):
        return selectors.referral_list(request.user).order_by(*self.ordering)

    def kind_display(self, obj):
        return obj.get_kind_display()

    kind_display.short_description = "Kind"
    kind_display.admin_order_field = "kind"


class EnquiryAdmin(CaseAdmin):
    model = Enquiry
    menu_label = "Enquiries"
    menu_icon = "help"
    permission_helper_class = CasePermissionHelper
    inspect_view_class = EnquiryInspectView
    list_display = ("reference_link", "received", "status_display", "assigned", "flags")
    list_filter = (
        "status",
        filters.AssignedFilter,
        filters.EnquiryOverdueFilter,
        filters.EnquiryFlaggedFilter,
    )
    search_fields = ("reference", "name")

    def get_queryset(self, request):
        return selectors.enquiry_list(request.user).order_by(*self.ordering)


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
        "recipient_role",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    )
    list_filter = ("state", "kind")
    search_fields = ("reference",)
    list_per_page = 50


class ReferralsGroup(ModelAdminGroup):
    menu_label = "Referrals"
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (ReferralAdmin, EnquiryAdmin, OutboundEmailAdmin)
