"""Passkeys and security keys as the staff second factor (django-otp-webauthn), and who must
use one.

A passkey is bound to the site's own address (settings.OTP_WEBAUTHN_RP_ID, from SITE_BASE_URL):
a look-alike page can relay a password and an app code, but not a passkey. It is a second
factor only: the password comes first (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off).

Who must use one: with two-factor sign-in on, every superuser and every member of a group named
in PASSKEY_REQUIRED_GROUPS (production: Managers). For them a session verified with an app code
or a recovery code is not enough (referrals.staff.two_factor's gate): they use a passkey, and
one who has none is taken to add one. Their first passkey may be added after the password and
an app code (or a recovery code), the strength their sign-in had before, because there is no
safer way in for them without a visit to IT; every later one needs a session verified with a
passkey, so a relayed code can never add a key to an account that already has one. For the
same reason its owner removes a passkey only in a session verified with a passkey (else a
relayed code could remove theirs, then add its own); a lost one is removed by a Manager or
superuser within their remit. Each addition and removal is in the audit log and shown to
their Manager.

Services here write (and record in the audit log); the screens are in passkeys_views.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from wagtail.log_actions import log

from referrals import permissions as perms
from referrals.models import RecoveryCode
from referrals.staff.accounts import accounts_within_remit, end_sessions, within_remit

ADDED_ACTION = "referrals.passkey_added"
USED_ACTION = "referrals.passkey_used"
REMOVED_ACTION = "referrals.passkey_removed"
NAME_MAX_LENGTH = 64  # django-otp's Device.name


# Rules and selectors -----------------------------------------------------------------------


def passkey_required(user):
    """Must `user` sign in with a passkey (not a code)?"""
    groups = settings.PASSKEY_REQUIRED_GROUPS
    if not (settings.STAFF_MFA_REQUIRED and groups and user.is_authenticated):
        return False
    return user.is_superuser or user.groups.filter(name__in=groups).exists()


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def has_passkey(user):
    return passkeys_of(user).exists()


def verified_with_passkey(user):
    """Was this session's second factor one of the user's passkeys (django-otp's otp_device,
    which is None once that passkey is removed)?"""
    return isinstance(getattr(user, "otp_device", None), WebAuthnCredential)


def may_add_passkey(user):
    """A passkey may be added in a verified session; once the account has one, only in a
    session verified with a passkey."""
    if has_passkey(user):
        return verified_with_passkey(user)
    return user.is_verified() or not settings.STAFF_MFA_REQUIRED


def may_remove(actor, passkey):
    """Its owner in a session verified with a passkey (a relayed code must not clear the way
    for a key of the relaying page's own), who must keep one where a passkey is required; or a
    Manager or superuser within their remit (the same rule as resetting a code)."""
    owner = passkey.user
    if actor == owner:
        if not verified_with_passkey(actor):
            return False
        return not passkey_required(owner) or passkeys_of(owner).count() > 1
    return actor.has_perm(perms.CHANGE_USER) and within_remit(actor, owner)


def factors_of(user):
    """What a Manager sees of a team member's second factors."""
    return {
        "app": user.totpdevice_set.filter(confirmed=True).exists(),
        "recovery_codes_left": RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
        "passkeys": list(passkeys_of(user)),
        "passkey_required": passkey_required(user),
    }


def team_factors(actor):
    """Each account within `actor`'s remit with its second factors, in one go: `app` (set up or
    not), `recovery_codes_left` and `passkeys` (names)."""
    accounts = (
        accounts_within_remit(actor)
        .annotate(
            app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            recovery_codes_left=Count(
                "recovery_codes", filter=Q(recovery_codes__used_at__isnull=True)
            ),
        )
        .prefetch_related(
            Prefetch(
                "webauthncredential_set",
                queryset=WebAuthnCredential.objects.filter(confirmed=True).order_by("created_at"),
                to_attr="passkeys",
            )
        )
        .order_by("first_name", "last_name", "username")
    )
    return list(accounts)


def clean_name(name):
    """The name its owner gives a passkey ("work laptop"), or a ValueError saying what to fix."""
    name = " ".join((name or "").split())
    if not name:
        raise ValueError("Enter a name for this passkey, like “work laptop”")
    if len(name) > NAME_MAX_LENGTH:
        raise ValueError(f"The name must be {NAME_MAX_LENGTH} characters or fewer")
    return name


# Services ---------------------------------------------------------------------------------


def owner_of(passkey):
    """The passkey's owner as a plain account (during a request `passkey.user` may be the
    request's lazy user, which the audit log cannot file under accounts)."""
    return get_user_model()._default_manager.get(pk=passkey.user_id)


@transaction.atomic
def record_added(*, passkey, by):
    log(instance=owner_of(passkey), action=ADDED_ACTION, user=by, data={"passkey": passkey.name})


@transaction.atomic
def record_used(*, passkey):
    owner = owner_of(passkey)
    log(instance=owner, action=USED_ACTION, user=owner, data={"passkey": passkey.name})


@transaction.atomic
def remove_passkey(*, passkey, by):
    """Remove `passkey`; it no longer verifies anyone. Removed by someone else (a lost key),
    it also ends its owner's sessions.

    The owner's passkeys are locked first and the rule checked again under the lock, so two
    removals at once cannot both pass "keep your last one"."""
    owner = owner_of(passkey)
    locked = {
        credential.pk: credential
        for credential in WebAuthnCredential.objects.select_for_update().filter(user=owner)
    }
    current = locked.get(passkey.pk)
    if current is None:
        return  # already removed (a double click)
    if not may_remove(by, current):
        raise PermissionDenied
    log(instance=owner, action=REMOVED_ACTION, user=by, data={"passkey": current.name})
    current.delete()
    if by != owner:
        transaction.on_commit(lambda: end_sessions(owner))
