"""Staff accounts in Wagtail's user screens, without privilege escalation.

Managers look after the triage team's accounts (the brief asks them to); they must not be able
to make anyone an administrator, reach the administrators' or each other's accounts, grant a
group beyond the triage roles, or set another person's password. Superusers can do all of it.

- A non-superuser sees no Administrator box, may give only the groups in MANAGEABLE_GROUPS,
  and sets no passwords: a new account starts with none and its owner chooses one through
  "Forgotten password?". Editing their own account, they change their name and email only.
- A non-superuser opens only accounts within their remit: not a superuser's, and none with a
  group outside MANAGEABLE_GROUPS (another Manager's, an editor's).
- Deactivating an account ends every session it has, at once.
- "Forgotten password?" queues its email through the task queue for every address, so known
  and unknown addresses take the same path and the same time (QueuedPasswordResetForm).

Wagtail uses these through StaffUsersConfig (referrals.apps), which replaces wagtail.users'
app config in INSTALLED_APPS so that its user viewset is ours.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tasks import task
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.users.forms import UserCreationForm, UserEditForm, UserForm
from wagtail.users.views import users

from .roles import TRIAGE_OFFICERS, VIG_GUIDERS

MANAGEABLE_GROUPS = (TRIAGE_OFFICERS, VIG_GUIDERS)
PASSWORD_FIELDS = ("password1", "password2")


def within_remit(actor, target):
    """May `actor` change `target`'s account (other than their own)?"""
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    return not target.groups.exclude(name__in=MANAGEABLE_GROUPS).exists()


def end_sessions(user):
    """Sign `user` out everywhere: delete every live session that belongs to them."""
    user_id = str(user.pk)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
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
            self.fields["groups"].queryset = Group.objects.filter(name__in=MANAGEABLE_GROUPS)

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


class CreateView(users.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class EditView(users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.was_active = self.object.is_active

    def dispatch(self, request, *args, **kwargs):
        if not self.editing_self and not within_remit(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        instance = super().save_instance()
        if self.was_active and not instance.is_active:
            end_sessions(instance)
        return instance


class DeleteView(users.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        target = self.get_object()
        if not within_remit(request.user, target):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffUserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return StaffEditForm if for_update else StaffCreationForm


# Password reset ---------------------------------------------------------------------------
#
# Django's form looks the address up and sends the email inside the request, so a known
# address answered in about 58 ms and an unknown one in 9 ms: the page told anyone who has an
# account. Here the request only checks the address's shape and queues a task, whoever it
# belongs to; the worker looks it up and sends the email (or nothing).

RESET_SUBJECT_TEMPLATE = "wagtailadmin/account/password_reset/email_subject.txt"
RESET_EMAIL_TEMPLATE = "wagtailadmin/account/password_reset/email.txt"


class QueuedPasswordResetForm(PasswordResetForm):
    def save(self, **kwargs):
        send_password_reset.enqueue(self.cleaned_data["email"])


@task()
def send_password_reset(email):
    """Send the reset link to the active accounts with this address (none: send nothing)."""
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        DjangoPasswordResetForm.save(
            form,
            subject_template_name=RESET_SUBJECT_TEMPLATE,
            email_template_name=RESET_EMAIL_TEMPLATE,
            domain_override=base.netloc,
            use_https=base.scheme == "https",
        )
