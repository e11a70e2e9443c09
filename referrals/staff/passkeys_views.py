"""The passkey screens, and django-otp-webauthn's four ceremony endpoints as we use them.

The endpoints are the package's own views (their documented override points only): adding a
passkey follows referrals.staff.passkeys.may_add_passkey and names it; using one needs the
password first (no passwordless sign-in), counts each failure in the sign-in throttle as a
wrong code does, refuses while a pause is on, and on success marks the session verified under
a new key, as the code step does. Every addition, use and removal is in the audit log.

The pages load static/js/passkeys.js, which reads what it needs from data attributes: the
admin's Content Security Policy allows no inline script, so the package's script tags (an
inline JSON block and a module) are not used.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)
from wagtail.admin.menu import MenuItem

from referrals import permissions as perms
from referrals.staff import passkeys
from referrals.staff.accounts import within_remit
from referrals.staff.two_factor import needs_second_factor, next_url, second_factor_passed
from vig_site.login_throttle import record_failure, record_success, seconds_to_wait

NAME_SESSION_KEY = "passkey-name"


def throttle_subject(user):
    return f"user:{user.get_username()}"  # the password's and the code's count


class Throttled(webauthn_errors.OTPWebAuthnApiError):
    status_code = 429
    default_code = "throttled"


class NameRefused(webauthn_errors.OTPWebAuthnApiError):
    status_code = 400
    default_code = "invalid_name"


class AddingRefused(webauthn_errors.OTPWebAuthnApiError):
    status_code = 403
    default_code = "passkey_needed_first"
    default_detail = "Sign in with one of your passkeys first, then add another."


# Adding a passkey ---------------------------------------------------------------------------


class NamingHelper(WebAuthnHelper):
    """The package's helper, giving the new passkey the name its owner typed."""

    created = None

    def create_credential(self, user, response, parsed_credential, original_data):
        device = super().create_credential(user, response, parsed_credential, original_data)
        device.name = self.request.session.get(NAME_SESSION_KEY) or "Passkey"
        self.created = device
        return device


class RegistrationRules:
    def check_can_register(self):
        if not passkeys.may_add_passkey(self.request.user):
            raise AddingRefused()


class RegisterBegin(RegistrationRules, BeginCredentialRegistrationView):
    def post(self, *args, **kwargs):
        try:
            name = passkeys.clean_name(self.request.data.get("name"))
        except ValueError as error:
            raise NameRefused(detail=str(error)) from None
        self.request.session[NAME_SESSION_KEY] = name
        return super().post(*args, **kwargs)


class RegisterComplete(RegistrationRules, CompleteCredentialRegistrationView):
    def get_helper(self):
        self.helper = NamingHelper(request=self.request)
        return self.helper

    def post(self, *args, **kwargs):
        super().post(*args, **kwargs)
        passkey = self.helper.created
        self.request.session.pop(NAME_SESSION_KEY, None)
        user = self.request.user
        passkeys.record_added(passkey=passkey, by=user)
        if passkeys.verified_with_passkey(user):
            after = reverse("referrals_passkeys")
        else:  # prove the new passkey works: it verifies this session next
            after = f"{reverse('referrals_two_factor_verify')}?next={next_url(self.request)}"
        return JsonResponse({"id": passkey.pk, "redirect_url": after})


# Using a passkey at the second step ---------------------------------------------------------


class AuthenticationRules:
    def check_can_authenticate(self):
        user = self.request.user
        if not user.is_authenticated:
            raise webauthn_errors.PasswordlessLoginDisabled()
        super().check_can_authenticate()
        if wait := seconds_to_wait(self.request, throttle_subject(user)):
            minutes = max(1, -(-wait // 60))
            raise Throttled(detail=f"Too many attempts. Wait {minutes} minutes, then try again.")


class AuthenticateBegin(AuthenticationRules, BeginCredentialAuthenticationView):
    pass


class AuthenticateComplete(AuthenticationRules, CompleteCredentialAuthenticationView):
    def handle_exception(self, exc):
        user = self.request.user
        if (
            isinstance(exc, webauthn_errors.OTPWebAuthnApiError)
            and not isinstance(exc, Throttled | webauthn_errors.PasswordlessLoginDisabled)
            and user.is_authenticated
        ):
            record_failure(self.request, throttle_subject(user))
        return super().handle_exception(exc)

    def complete_auth(self, device):
        second_factor_passed(self.request, device)
        record_success(throttle_subject(device.user))
        passkeys.record_used(passkey=device)

    def get_success_url(self):
        return next_url(self.request)


# Screens --------------------------------------------------------------------------------


class NameForm(forms.Form):
    name = forms.CharField(
        label="Name this passkey",
        max_length=passkeys.NAME_MAX_LENGTH,
        help_text="So you can tell your passkeys apart, e.g. “work laptop” or “blue key”.",
    )


def own_passkeys(request):
    """Your passkeys: add, see, remove."""
    user = request.user
    return render(
        request,
        "referrals/two_factor/passkeys.html",
        {
            "passkeys": passkeys.passkeys_of(user),
            "may_add": passkeys.may_add_passkey(user),
            "required": passkeys.passkey_required(user),
        },
    )


def add(request):
    """Add a passkey: a name, then the browser's own prompt (static/js/passkeys.js)."""
    user = request.user
    return render(
        request,
        "referrals/two_factor/passkey_add.html",
        {
            "form": NameForm(),
            "may_add": passkeys.may_add_passkey(user),
            "has_passkey": passkeys.has_passkey(user),
            "required": passkeys.passkey_required(user),
            "next": next_url(request),
        },
    )


def remove(request, passkey_id):
    """Remove a passkey: your own, or (a Manager, within their remit) a team member's lost one."""
    passkey = get_object_or_404(WebAuthnCredential, pk=passkey_id)
    actor, owner = request.user, passkey.user
    if not passkeys.may_remove(actor, passkey):
        raise PermissionDenied
    back = (
        reverse("referrals_passkeys")
        if actor == owner
        else reverse("referrals_two_factor_factors", args=[owner.pk])
    )
    if request.method == "POST":
        passkeys.remove_passkey(passkey=passkey, by=actor)
        return redirect(back)
    return render(
        request,
        "referrals/two_factor/passkey_remove.html",
        {"passkey": passkey, "owner": owner, "own": actor == owner, "back": back},
    )


def factors(request, user_id):
    """A Manager sees a team member's second factors (within their remit)."""
    actor = request.user
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not actor.has_perm(perms.CHANGE_USER) or target == actor or not within_remit(actor, target):
        raise PermissionDenied
    return render(
        request,
        "referrals/two_factor/factors.html",
        {"target": target, **passkeys.factors_of(target)},
    )


def team(request):
    """Every account within a Manager's remit and its second factors, on one page."""
    if not request.user.has_perm(perms.CHANGE_USER):
        raise PermissionDenied
    return render(
        request, "referrals/two_factor/team.html", {"people": passkeys.team_factors(request.user)}
    )


class TeamMenuItem(MenuItem):
    """ "Second factors" in the Reports menu, for those who look after accounts."""

    def is_shown(self, request):
        return request.user.has_perm(perms.CHANGE_USER)


def team_menu_item():
    return TeamMenuItem(
        "Second factors",
        reverse("referrals_two_factor_team"),
        name="second-factors",
        icon_name="key",
        order=900,
    )


def account_menu_item(request):
    """The "Passkeys and security keys" button on the account page, for those who sign in with
    a second factor (everyone, where two-factor sign-in is off)."""
    if settings.STAFF_MFA_REQUIRED and not needs_second_factor(request.user):
        return None
    return {
        "url": reverse("referrals_passkeys"),
        "label": "Passkeys and security keys",
        "help_text": "Sign in with a passkey or security key instead of a code from your app.",
    }


URLS = [
    path("two-factor/passkeys/", own_passkeys, name="referrals_passkeys"),
    path("two-factor/passkeys/add/", add, name="referrals_passkey_add"),
    path("two-factor/passkeys/<int:passkey_id>/remove/", remove, name="referrals_passkey_remove"),
    path("two-factor/factors/<int:user_id>/", factors, name="referrals_two_factor_factors"),
    path("two-factor/team/", team, name="referrals_two_factor_team"),
    path(
        "two-factor/passkeys/register/begin/",
        RegisterBegin.as_view(),
        name="referrals_passkey_register_begin",
    ),
    path(
        "two-factor/passkeys/register/complete/",
        RegisterComplete.as_view(),
        name="referrals_passkey_register_complete",
    ),
    path(
        "two-factor/passkeys/authenticate/begin/",
        AuthenticateBegin.as_view(),
        name="referrals_passkey_authenticate_begin",
    ),
    path(
        "two-factor/passkeys/authenticate/complete/",
        AuthenticateComplete.as_view(),
        name="referrals_passkey_authenticate_complete",
    ),
]
