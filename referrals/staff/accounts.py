"""Staff accounts in Wagtail's user screens, without privilege escalation.

Managers look after the triage team's accounts (the brief asks them to); they must not be able
to make anyone an administrator, reach the administrators' or each other's accounts, grant a
group beyond the triage roles, or set another person's password. Superusers can do all of it.

- A non-superuser sees no Administrator box, may give only the groups in MANAGEABLE_GROUPS,
  and sets no passwords: a new account starts with none and its owner chooses one through
  "Forgotten password?". Editing their own account, they change their name and email only.
- A non-superuser uses only the user screens' routes in MANAGER_ROUTES; every other route
  (delete, and whatever a later Wagtail adds) is refused to them. A route with an account in
  its address opens only their own account or one within their remit: not a superuser's, and
  none with a group outside MANAGEABLE_GROUPS (another Manager's, an editor's).
- Wagtail's "copy" of an account is switched off for everyone: it saved over the account it
  copied, and a copy's username and email have to be retyped anyway, so it saves nobody work.
- Bulk actions on accounts act on nobody's own account and, for a non-superuser, only on
  accounts within their remit; the role they assign is one of MANAGEABLE_GROUPS; deleting is
  for superusers. Any other bulk action on accounts is refused to a non-superuser.
- Deactivating an account, one at a time or in bulk, ends every session it has, at once.
- The users list offers a non-superuser only MANAGEABLE_GROUPS to filter by.
- A VIG Guider's capacity (families at once) is set on their account's edit screen, shown only
  for members of the VIG Guiders group, by whoever may edit that account (not on their own).
- "Forgotten password?" turns the address into account ids (the same query whether it matches
  or not) and queues one task carrying only those ids, for every address; the typed address is
  never stored. It is throttled like sign-in (vig_site.login_throttle).

Wagtail uses these through StaffUsersConfig (referrals.apps), which replaces wagtail.users'
app config in INSTALLED_APPS so that its user viewset is ours; the bulk actions are registered
in referrals.wagtail_hooks after Wagtail's own, which they replace.
"""

import unicodedata
from functools import update_wrapper
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks import task
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.users.forms import UserCreationForm, UserEditForm, UserForm
from wagtail.users.views import bulk_actions, users

from referrals import permissions as perms
from referrals.models import GuiderCapacity
from referrals.staff.capacity import capacity_of, set_guider_capacity
from referrals.staff.remit import MANAGEABLE_GROUPS, is_guider, within_remit

PASSWORD_FIELDS = ("password1", "password2")
# The user viewset's routes a non-superuser may use, each with its remit held by
# tests/security/test_user_admin_routes.py. Any other route is refused to them.
MANAGER_ROUTES = frozenset(
    {"index", "index_results", "add", "edit", "history", "history_results", "usage"}
)


def manageable_groups():
    return Group.objects.filter(name__in=MANAGEABLE_GROUPS)


def accounts_within_remit(actor):
    """The active accounts `actor` may change (as within_remit), other than their own."""
    accounts = get_user_model()._default_manager.filter(is_active=True).exclude(pk=actor.pk)
    if actor.is_superuser:
        return accounts
    others = Group.objects.exclude(name__in=MANAGEABLE_GROUPS)
    return accounts.filter(is_superuser=False).exclude(groups__in=others)


def end_sessions(*users):
    """Sign `users` out everywhere: delete every live session that belongs to one of them."""
    user_ids = {str(user.pk) for user in users}
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") in user_ids:
            session.delete()
            ended += 1
    return ended


class RemitMixin:
    """What a non-superuser's form may offer: no Administrator box, no passwords, only the
    triage groups (none at all when editing themselves)."""

    def limit_for(self, actor, *, editing_self=False):
        if actor is None or actor.is_superuser:
            return
        for name in ("is_superuser", *PASSWORD_FIELDS):
            self.fields.pop(name, None)
        if editing_self:
            self.fields.pop("groups", None)
            self.fields.pop("is_active", None)
        elif "groups" in self.fields:
            self.fields["groups"].queryset = manageable_groups()

    def save(self, commit=True):
        if "password1" in self.fields:
            return super().save(commit=commit)
        # The password fields were taken away: save the rest, and a new account gets no
        # usable password until its owner sets one.
        user = super(UserForm, self).save(commit=False)
        if user.pk is None:
            user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class StaffCreationForm(RemitMixin, UserCreationForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_for(for_user)


class StaffEditForm(RemitMixin, UserEditForm):
    def __init__(self, *args, for_user=None, **kwargs):
        editing_self = kwargs.get("editing_self", False)
        super().__init__(*args, **kwargs)
        self.limit_for(for_user, editing_self=editing_self)
        own_capacity = editing_self and not (for_user is not None and for_user.is_superuser)
        if is_guider(self.instance) and not own_capacity:
            self.fields["capacity"] = forms.IntegerField(
                label="Capacity (families at once)",
                help_text=GuiderCapacity._meta.get_field("families").help_text,
                min_value=0,
                max_value=50,
                initial=capacity_of(self.instance),
                error_messages={
                    "required": "Enter how many families this VIG Guider can work with at once.",
                    "invalid": "Enter a whole number of families, like 6.",
                    "min_value": "Enter 0 or more families.",
                    "max_value": "Enter 50 families or fewer.",
                },
            )


class StaffUserFilterSet(users.UserFilterSet):
    """The users list's filters; a non-superuser filters by the groups they can give only, not
    by Wagtail's own (Moderators, Editors) or other teams' groups."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and not request.user.is_superuser:
            self.filters["group"].queryset = manageable_groups()


class CreateView(users.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class EditView(users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.was_active = self.object.is_active

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        instance = super().save_instance()
        # The field was offered for a Guider; not if this same save took them out of the group.
        if "capacity" in self.form.fields and is_guider(instance):
            set_guider_capacity(
                guider=instance, families=self.form.cleaned_data["capacity"], by=self.request.user
            )
        if self.was_active and not instance.is_active:
            end_sessions(instance)
        return instance


def account(pk):
    """The account `pk` names, or None (no such account, or not an id at all: the view then
    answers 404 itself)."""
    try:
        return get_user_model()._default_manager.filter(pk=pk).first()
    except (ValueError, ValidationError):
        return None


def guard_route(view, name):
    """`view` as a non-superuser may use it: only routes in MANAGER_ROUTES, and an account in
    the address only if it is their own or within their remit."""

    def guarded(request, *args, **kwargs):
        actor = request.user
        if not actor.is_superuser:
            if name not in MANAGER_ROUTES:
                raise PermissionDenied
            if "pk" in kwargs:
                target = account(kwargs["pk"])
                if target is not None and target != actor and not within_remit(actor, target):
                    raise PermissionDenied
        return view(request, *args, **kwargs)

    return update_wrapper(guarded, view)


class StaffUserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    filterset_class = StaffUserFilterSet
    copy_view_enabled = False
    # Wagtail's edit screen with the capacity field in its documented `extra_fields` block.
    edit_template_name = "referrals/admin/staff_edit.html"

    def get_form_class(self, for_update=False):
        return StaffEditForm if for_update else StaffCreationForm

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = guard_route(pattern.callback, pattern.name)
        return patterns


# Bulk actions on accounts -----------------------------------------------------------------


class RemitBulkAction:
    """Acts on nobody's own account and, for a non-superuser, only on accounts within their
    remit; the others are listed as ones they cannot change. Refused outright to anyone
    without `permission`."""

    permission = perms.CHANGE_USER

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user):
        return user.has_perm(self.permission)

    def check_perm(self, obj):
        actor = self.request.user
        return super().check_perm(obj) and obj != actor and within_remit(actor, obj)


class AssignRoleBulkAction(RemitBulkAction, bulk_actions.AssignRoleBulkAction):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.request.user.is_superuser:
            form.fields["role"].queryset = manageable_groups()
        return form


class SetActiveStateBulkAction(RemitBulkAction, bulk_actions.SetActiveStateBulkAction):
    @classmethod
    def execute_action(cls, objects, mark_as_active=False, **kwargs):
        result = super().execute_action(objects, mark_as_active=mark_as_active, **kwargs)
        if not mark_as_active:
            end_sessions(*objects)
        return result


class DeleteBulkAction(RemitBulkAction, bulk_actions.DeleteBulkAction):
    def allowed(self, user):
        return user.is_superuser  # as the delete screen: a Manager deactivates instead


BULK_ACTIONS = (AssignRoleBulkAction, SetActiveStateBulkAction, DeleteBulkAction)


def refuse_unruled_bulk_action(request, action):
    """A bulk action on accounts that is not one of ours (a later Wagtail's) is for superusers
    only."""
    if (
        action.model is get_user_model()
        and not request.user.is_superuser
        and not isinstance(action, RemitBulkAction)
    ):
        raise PermissionDenied


# Password reset ---------------------------------------------------------------------------
#
# Django's form looks the address up and sends the email inside the request, so a known
# address answered in about 58 ms and an unknown one in 9 ms: the page told anyone who has an
# account. Here the request turns the address into account ids with one query, the same
# whether it matches or not, and queues one task with those ids (none for an unknown address);
# the worker sends the email. The typed address is never stored: not in the task's row, not
# in its arguments. vig_site.login_throttle counts every request, per client and per address.

RESET_SUBJECT_TEMPLATE = "wagtailadmin/account/password_reset/email_subject.txt"
RESET_EMAIL_TEMPLATE = "wagtailadmin/account/password_reset/email.txt"


def same_address(typed, stored):
    """Django's own comparison: the database's case-insensitive match, then Unicode's."""
    return (
        unicodedata.normalize("NFKC", typed).casefold()
        == unicodedata.normalize("NFKC", stored).casefold()
    )


def ids_for_reset(email):
    """The ids of the active accounts with this address: none, one or more. A new account with
    no password yet is included: its owner chooses their first password this way."""
    User = get_user_model()
    email_field = User.get_email_field_name()
    accounts = User._default_manager.filter(
        **{f"{email_field}__iexact": email, "is_active": True}
    ).values_list("pk", email_field)
    return [pk for pk, stored in accounts if same_address(email, stored)]


class QueuedPasswordResetForm(PasswordResetForm):
    def save(self, **kwargs):
        send_password_reset.enqueue(ids_for_reset(self.cleaned_data["email"]))


class ResetLinkForm(PasswordResetForm):
    """Django's reset email, sent to accounts already found by id instead of by an address."""

    def __init__(self, user_ids):
        super().__init__()
        self.user_ids = user_ids
        self.cleaned_data = {"email": None}

    def get_users(self, email):
        return get_user_model()._default_manager.filter(pk__in=self.user_ids, is_active=True)


@task()
def send_password_reset(user_ids):
    """Send the reset link to each of these accounts still active (none: send nothing)."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    ResetLinkForm(user_ids).save(
        subject_template_name=RESET_SUBJECT_TEMPLATE,
        email_template_name=RESET_EMAIL_TEMPLATE,
        domain_override=base.netloc,
        use_https=base.scheme == "https",
    )
