"""Who may do what in the queue. No referral is ever created or edited through a form here:
every change goes through an action that calls a service."""

from wagtail_modeladmin.helpers import PermissionHelper

from referrals.cases.kinds import kind_of
from referrals.cases.selectors import sees_only_own_allocations


class CasePermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("view"))

    def user_can_inspect_obj(self, user, obj):
        """A VIG Guider without triage rights opens only the families allocated to them."""
        if not self.user_can_list(user):
            return False
        kind = kind_of(obj)
        if sees_only_own_allocations(user, kind):
            field = kind.allocated_field
            return bool(field) and getattr(obj, f"{field}_id") == user.pk
        return True

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_change_obj(self, user, obj):
        """Status changes, assignment and notes."""
        return self.user_has_specific_permission(user, self.get_perm_codename("change"))

    def user_can_export(self, user):
        return self.user_has_specific_permission(user, f"export_{self.opts.model_name}")


class ReadOnlyPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("view"))

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
