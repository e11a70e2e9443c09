"""The queue's list filters: assigned to me / unassigned, overdue, flagged."""

from django.contrib.admin import SimpleListFilter

from .. import selectors
from ..models import EnquiryStatus


class AssignedFilter(SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return (("me", "Assigned to me"), ("unassigned", "Unassigned"))

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "All":
                choice["display"] = "Anyone"
            yield choice

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "unassigned":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class OverdueFilter(SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"
    statuses = None  # the workflow's statuses awaiting a decision

    def lookups(self, request, model_admin):
        return (("yes", "Overdue"), ("no", "Not overdue"))

    def _q(self):
        return selectors.overdue_q(**({"statuses": self.statuses} if self.statuses else {}))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self._q())
        if self.value() == "no":
            return queryset.exclude(self._q())
        return queryset


class EnquiryOverdueFilter(OverdueFilter):
    statuses = (EnquiryStatus.NEW,)


class FlaggedFilter(SimpleListFilter):
    title = "flags"
    parameter_name = "flagged"
    referral_only = True

    def lookups(self, request, model_admin):
        options = [
            ("any", "Any flag"),
            ("possible_spam", "Possible spam"),
            ("not_verified", "Not verified"),
        ]
        if self.referral_only:
            options.append(("unsafe_to_email", "Unsafe to email"))
        return options

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            query = selectors.flagged_q()
            if self.referral_only:
                query |= selectors.unsafe_to_email_q()
            return queryset.filter(query)
        if value == "possible_spam":
            return queryset.filter(flagged_possible_spam=True)
        if value == "not_verified":
            return queryset.filter(flagged_not_verified=True)
        if value == "unsafe_to_email" and self.referral_only:
            return queryset.filter(selectors.unsafe_to_email_q())
        return queryset


class EnquiryFlaggedFilter(FlaggedFilter):
    referral_only = False
