"""Two-factor sign-in for staff who can see referral data (django-otp, TOTP).

When STAFF_MFA_REQUIRED is on, a superuser, Triage officer, Manager or VIG Guider who has signed
in with their password gets nothing from the admin (and so from any referral page, export or
admin endpoint) until they have also given a code: `SecondFactorMiddleware` sends them to enrol
(a QR code for an authenticator app, then ten single-use recovery codes shown once) or to type
the code from their app, and refuses anything else with 403. The code step counts failures in
the same sign-in throttle as passwords (vig_site.login_throttle). When the code (or a recovery
code) is accepted the session gets a new key, so a cookie taken between password and code is
worth nothing. Nobody can switch off their own requirement: it follows from their groups,
which only someone above them can change. A Manager can reset the second factor of a staff
member within their remit (lost phone): the app and recovery codes go, passkeys stay; it is
recorded in the audit log and the person enrols again at their next sign-in (straight after the
password, or after their passkey if they have one). Enrolment is open to the password alone only
to someone with no second factor at all: a new app must never stand in for one they have.

Passkeys (referrals.staff.passkeys) are the other second factor: the code step offers "Use a
passkey" to anyone who has one. For those who must use a passkey (PASSKEY_REQUIRED_GROUPS and
superusers) a session verified with a code is not enough: the gate takes them to their passkey,
or, if they have none yet, to add one, and nothing else opens until then.
"""

import hashlib
import hmac
import io
import secrets
from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image
from wagtail.log_actions import log

from referrals import permissions as perms
from referrals.models import RecoveryCode
from referrals.staff.accounts import end_sessions, within_remit
from referrals.staff.passkeys import has_passkey, passkey_required, verified_with_passkey
from vig_site.admin_path import is_admin
from vig_site.login_throttle import (
    record_failure,
    record_success,
    seconds_to_wait,
    throttled_response,
)

RECOVERY_CODES = 10
RESET_ACTION = "referrals.reset_second_factor"
DATA_PERMISSIONS = (perms.VIEW_REFERRAL, perms.VIEW_ENQUIRY)
# What a signed-in but not yet verified person may still reach.
OPEN_URL_NAMES = {
    "referrals_two_factor_verify",
    "referrals_two_factor_enrol",
    "referrals_two_factor_recovery_codes",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_sprite",  # the admin's icons and translations, which every admin page loads
    "wagtailadmin_javascript_catalog",
    "referrals_passkey_authenticate_begin",
    "referrals_passkey_authenticate_complete",
}
# What someone who must use a passkey and has none may reach once their code is accepted.
PASSKEY_SETUP_URL_NAMES = {
    "referrals_passkey_add",
    "referrals_passkey_register_begin",
    "referrals_passkey_register_complete",
}


def needs_second_factor(user):
    """Everyone who can see referral data, and every superuser."""
    if not settings.STAFF_MFA_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or any(user.has_perm(p) for p in DATA_PERMISSIONS)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_step(user):
    """The URL name of the step `user`'s session still needs before anything else opens, or
    None when it needs none."""
    if not user.is_verified():
        return (
            "referrals_two_factor_verify"
            if has_other_factor(user)
            else "referrals_two_factor_enrol"
        )
    if not verified_with_passkey(user) and passkey_required(user):
        return "referrals_two_factor_verify" if has_passkey(user) else "referrals_passkey_add"
    if confirmed_device(user) is None:
        # Signed in with a passkey after their app was reset (a lost phone), or a passkey added
        # while two-factor sign-in was off: they set the app up again, with new recovery codes,
        # so losing the passkey later does not lock them out.
        return "referrals_two_factor_enrol"
    return None


def has_other_factor(user):
    """Has `user` a second factor they must sign in with (an app set up, or a passkey)? Then
    the password alone must not reach enrolment, where a new app would verify the session."""
    return confirmed_device(user) is not None or has_passkey(user)


# Recovery codes --------------------------------------------------------------------------


def _hash(code):
    normalised = code.strip().replace("-", "").replace(" ", "").lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def new_recovery_codes(user):
    """Replace `user`'s recovery codes with ten new ones; returns them (the only time they are
    seen in clear)."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


def use_recovery_code(user, code):
    """True, and the code is spent, if `code` is one of `user`'s unused recovery codes."""
    return bool(
        RecoveryCode.objects.filter(user=user, code_hash=_hash(code), used_at__isnull=True).update(
            used_at=timezone.now()
        )
    )


# The gate -------------------------------------------------------------------------------


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and is_admin(request) and needs_second_factor(user):
            step = pending_step(user)
            open_names = OPEN_URL_NAMES
            if step == "referrals_passkey_add":
                open_names = OPEN_URL_NAMES | PASSKEY_SETUP_URL_NAMES
            match = (request.resolver_match or _resolve(request)) if step else None
            if step and (match is None or match.url_name not in open_names):
                if request.method in ("GET", "HEAD"):
                    return redirect(f"{reverse(step)}?next={request.get_full_path()}")
                return HttpResponseForbidden("Sign in with your second factor first.")
        return self.get_response(request)


def _resolve(request):
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


# The screens ----------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Enter the code from your authenticator app"},
    )


def _signed_in(request):
    if not request.user.is_authenticated:
        return redirect(reverse("wagtailadmin_login"))
    return None


def second_factor_passed(request, device):
    """Mark the session verified under a new key: a cookie captured before the code (after
    the password) must not become a fully signed-in one."""
    otp_login(request, device)
    request.session.cycle_key()


def verify(request):
    """The code step after the password."""
    if response := _signed_in(request):
        return response
    user = request.user
    device = confirmed_device(user)
    passkey = has_passkey(user)
    if device is None and not passkey:
        return redirect(reverse("referrals_two_factor_enrol"))
    # Someone who must use a passkey is not offered the code once they have one.
    code_offered = device is not None and not (passkey and passkey_required(user))
    subject = f"user:{user.get_username()}"
    form = CodeForm(request.POST or None)
    if request.method == "POST" and code_offered:
        wait = seconds_to_wait(request, subject)
        if wait:
            return throttled_response(request, wait)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if device.verify_token(code.strip()) or use_recovery_code(user, code):
                second_factor_passed(request, device)
                record_success(subject)
                return redirect(next_url(request))
            record_failure(request, subject)
            form.add_error("code", "That code is not right, or has been used. Try the newest one")
    return render(
        request,
        "referrals/two_factor/verify.html",
        {
            "form": form,
            "next": next_url(request),
            "code_offered": code_offered,
            "passkey_offered": passkey,
        },
        status=400 if form.errors else 200,
    )


def enrol(request):
    """First sign-in: add an authenticator app, prove it works, get recovery codes."""
    if response := _signed_in(request):
        return response
    user = request.user
    verified = user.is_verified()
    if confirmed_device(user) or (has_passkey(user) and not verified):
        return redirect(f"{reverse('referrals_two_factor_verify')}?next={next_url(request)}")
    # One unconfirmed device at a time (a double click must not make a second).
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name="Authenticator app")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            if not verified:  # signed in with a passkey: that stays this session's factor
                second_factor_passed(request, device)
            request.session["two-factor-new-codes"] = new_recovery_codes(user)
            codes_url = reverse("referrals_two_factor_recovery_codes")
            return redirect(f"{codes_url}?next={next_url(request)}")
        record_failure(request, f"user:{user.get_username()}")
        form.add_error("code", "That code is not right. Check the app shows this account")
    buffer = io.BytesIO()
    write_qrcode_image(device.config_url, buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration to embed it in the page
    return render(
        request,
        "referrals/two_factor/enrol.html",
        {
            "form": form,
            "qr_svg": mark_safe(svg),  # noqa: S308 - made here from our own data, no user input
            "secret": _grouped(device.bin_key),
            "next": next_url(request),
        },
        status=400 if form.errors else 200,
    )


def _grouped(key):
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_codes(request):
    """The new recovery codes, shown once right after enrolment."""
    if response := _signed_in(request):
        return response
    codes = request.session.pop("two-factor-new-codes", None)
    if not codes:
        return redirect(next_url(request))
    context = {"codes": codes, "next": next_url(request)}
    response = render(request, "referrals/two_factor/recovery_codes.html", context)
    response["Cache-Control"] = "no-store"
    return response


def reset(request, user_id):
    """A Manager (or superuser) resets a staff member's second factor (a lost phone): their app
    and recovery codes go and they enrol again. Their passkeys stay (a lost passkey is removed
    on its own, referrals.staff.passkeys): whoever has one signs in with it, then sets the app
    up again."""
    actor = request.user
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not actor.has_perm(perms.CHANGE_USER) or target == actor or not within_remit(actor, target):
        raise PermissionDenied
    if request.method == "POST":
        with transaction.atomic():
            TOTPDevice.objects.filter(user=target).delete()
            RecoveryCode.objects.filter(user=target).delete()
            log(instance=target, action=RESET_ACTION, user=actor)
        end_sessions(target)
        return redirect(reverse("wagtailusers_users:edit", args=[target.pk]))
    return render(request, "referrals/two_factor/reset.html", {"target": target})
