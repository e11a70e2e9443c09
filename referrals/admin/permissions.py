"""Who may do what in the queue. No referral is ever created or edited through a form here:
every change goes through an action that calls a service."""

from wagtail_modeladmin.helpers import PermissionHelper

from ..selectors import sees_only_own_allocations


class CasePermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("view"))

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_change_obj(self, user, obj):
        """Status changes, assignment and notes."""
        return self.user_has_specific_permission(user, self.get_perm_codename("change"))

    def user_can_export(self, user):
        return self.user_has_specific_permission(user, f"export_{self.opts.model_name}")


class ReferralPermissionHelper(CasePermissionHelper):
    def user_can_inspect_obj(self, user, obj):
        if not self.user_can_list(user):
            return False
        if sees_only_own_allocations(user):
            return obj.guider_id == user.pk
        return True


class ReadOnlyPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("view"))

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
