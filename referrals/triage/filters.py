"""The queue's list filters: assigned to me / unassigned, overdue, flagged."""

from django.contrib.admin import SimpleListFilter

from referrals.cases import selectors
from referrals.cases.kinds import kind_of


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
    """Cases still awaiting the team's first decision after too many working days."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", "Overdue"), ("no", "Not overdue"))

    def queryset(self, request, queryset):
        overdue = selectors.overdue_q(kind_of(queryset.model))
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class FlaggedFilter(SimpleListFilter):
    """Spam signals, and (where the kind records it) an email address that is not safe."""

    title = "flags"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        options = [
            ("any", "Any flag"),
            ("possible_spam", "Possible spam"),
            ("not_verified", "Not verified"),
        ]
        if kind_of(model_admin.model).has_safe_contact:
            options.append(("unsafe_to_email", "Unsafe to email"))
        return options

    def queryset(self, request, queryset):
        kind = kind_of(queryset.model)
        value = self.value()
        if value == "any":
            return queryset.filter(selectors.any_flag_q(kind))
        if value == "possible_spam":
            return queryset.filter(flagged_possible_spam=True)
        if value == "not_verified":
            return queryset.filter(flagged_not_verified=True)
        if value == "unsafe_to_email" and kind.has_safe_contact:
            return queryset.filter(selectors.unsafe_to_email_q())
        return queryset
