"""One throttle wherever a password is checked, whatever the address it was sent to.

Every staff sign-in goes through Django's authenticate(): the Wagtail admin's login, Wagtail's
front-end login for private pages (/_util/login/), and any later step that checks a password.
`ThrottledModelBackend` (Django's ModelBackend, the site's only authentication backend) refuses
the attempt while a pause is on; failures are counted from Django's `user_login_failed` signal
and a success clears its account's count. Page passwords (a page an editor protected with a
shared password) do not go through authenticate(), so `ThrottleResponseMiddleware` counts their
form's failures the same way; it also counts every "Forgotten password?" request, by the
address typed (whether or not it has an account) and by client, as each may send an email.
Every refusal gets the same page (429) saying how long to wait. The second step counts in the
same per-account count: a wrong code (referrals.staff.two_factor) and a failed passkey
(referrals.staff.passkeys_views, which answers its script with the same wait as JSON) each call
`record_failure`, and each is refused while `seconds_to_wait` says so.

Two counts, both in the shared cache (Redis in production) so they hold across processes and
machines; usernames are hashed and addresses never stored as keys in clear:

- **Per account, a growing delay, not a lock.** After LOGIN_FAILURE_LIMIT failures the next
  attempt must wait LOGIN_DELAY_SECONDS, then twice that after each further failure, up to
  LOGIN_MAX_DELAY_SECONDS. Attempts made while waiting are refused and not counted. So
  guessing an officer's password slows to one try per few minutes from anywhere, but nobody
  who knows an officer's username can lock them out: at worst the officer waits the capped
  delay (and a password alone does not let anyone in where two-factor sign-in is on).
- **Per client address, a pause.** LOGIN_FAILURE_LIMIT_PER_ADDRESS failures within
  LOGIN_FAILURE_WINDOW_SECONDS pause that address for the rest of the window. An office may
  share one address, hence the larger allowance. The address is the client's own behind our
  proxies (vig_site.client_address).

While the shared cache is down, failures are not counted and nobody is paused (logged as a
warning): refusing every sign-in would keep the whole team out, and two-factor sign-in still
stands behind the password.
"""

import functools
import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse

from .cache import degraded
from .client_address import client_address

logger = logging.getLogger(__name__)

WAIT_ATTR = "_vig_login_wait_seconds"
PAGE_PASSWORD_VIEW = "wagtailcore_authenticate_with_password"  # noqa: S105 - a URL name
PASSWORD_RESET_VIEW = "wagtailadmin_password_reset"  # noqa: S105 - a URL name
WAGTAIL_FRONTEND_PREFIX = "/_util/"  # wagtail.urls: page passwords, the front-end login


@functools.cache
def throttled_form_prefixes():
    """Where the forms counted here live: Wagtail's front-end forms and the admin's
    "Forgotten password?", wherever the admin is mounted (looked up once)."""
    return (WAGTAIL_FRONTEND_PREFIX, reverse(PASSWORD_RESET_VIEW))


def _digest(text):
    return hashlib.sha256(f"{settings.SECRET_KEY}:{text}".encode()).hexdigest()[:32]


def _account_keys(subject):
    digest = _digest(subject.strip().lower())
    return f"login-fail:account:{digest}", f"login-fail:account-last:{digest}"


def _address_key(request):
    return f"login-fail:address:{_digest(client_address(request) or 'unknown')}"


def _increment(key, timeout):
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def account_delay(failures):
    """Seconds an account must wait after `failures` failed attempts (0 below the limit)."""
    over = failures - settings.LOGIN_FAILURE_LIMIT
    if over < 0:
        return 0
    return min(settings.LOGIN_DELAY_SECONDS * 2**over, settings.LOGIN_MAX_DELAY_SECONDS)


def seconds_to_wait(request, subject, now=None):
    """How long `subject` (an account, or a protected page) must wait from this client: 0 if
    it may try now."""
    now = time.time() if now is None else now
    count_key, last_key = _account_keys(subject)
    address_key = _address_key(request)
    found = cache.get_many([count_key, last_key, address_key])
    if (found.get(address_key) or 0) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
        return settings.LOGIN_FAILURE_WINDOW_SECONDS
    delay = account_delay(found.get(count_key) or 0)
    return max(0, math.ceil(found.get(last_key, 0) + delay - now)) if delay else 0


def record_failure(request, subject):
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    count_key, last_key = _account_keys(subject)
    keep = max(window, settings.LOGIN_MAX_DELAY_SECONDS)
    try:
        _increment(count_key, keep)
        cache.set(last_key, time.time(), timeout=keep)
        _increment(_address_key(request), window)
    except Exception:  # the cache is down: staff can still sign in (a password and a code)
        degraded(logger, "failed sign-ins are not counted by the sign-in throttle")


def record_success(subject):
    cache.delete_many(_account_keys(subject))


def _refuse(request, seconds):
    setattr(request, WAIT_ATTR, seconds)
    raise PermissionDenied


class ThrottledModelBackend(ModelBackend):
    """Django's ModelBackend, refusing every password check while a pause is on."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username is not None:
            wait = seconds_to_wait(request, f"user:{username}")
            if wait:
                _refuse(request, wait)
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed, dispatch_uid="vig-login-throttle-failed")
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, WAIT_ATTR, None):
        return  # refused while waiting: not counted, so the delay cannot be pushed further
    username = credentials.get("username")
    if username:
        record_failure(request, f"user:{username}")


@receiver(user_logged_in, dispatch_uid="vig-login-throttle-succeeded")
def _clear_on_success(sender, request, user, **kwargs):
    record_success(f"user:{user.get_username()}")


def throttled_response(request, seconds):
    minutes = max(1, math.ceil(seconds / 60))
    body = render_to_string(
        "login_throttled.html", {"minutes": minutes, "seconds": seconds}, request=request
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(seconds)
    return response


class ThrottleResponseMiddleware:
    """Shows the one "too many attempts" page wherever a password check was refused, and counts
    the forms that do not go through authenticate(): page passwords (their failures) and
    "Forgotten password?" (every request, per client and per typed address, whether or not
    the address has an account)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        form, subject = self._form_subject(request)
        if subject:
            wait = seconds_to_wait(request, subject)
            if wait:
                return throttled_response(request, wait)
        response = self.get_response(request)
        wait = getattr(request, WAIT_ATTR, None)
        if wait:
            return throttled_response(request, wait)
        if form == PAGE_PASSWORD_VIEW:
            # Wagtail shows the form again (200) when the password is wrong, redirects when right.
            if response.status_code == 200:
                record_failure(request, subject)
            elif response.status_code in (301, 302, 303):
                record_success(subject)
        elif form == PASSWORD_RESET_VIEW:
            record_failure(request, subject)  # each request may send an email: each counts
        return response

    @staticmethod
    def _form_subject(request):
        """(URL name, throttle subject) of a POST to a form counted here, else (None, None)."""
        if request.method != "POST" or not request.path.startswith(throttled_form_prefixes()):
            return None, None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None, None
        if match.url_name == PAGE_PASSWORD_VIEW:
            # Per page and per client: one person's wrong guesses slow that person down, never
            # everyone else who has the page's password (the subject is hashed before it is
            # used as a key, so no address is kept in clear).
            restriction = match.kwargs.get("page_view_restriction_id")
            return match.url_name, f"page-password:{restriction}:{client_address(request)}"
        if match.url_name == PASSWORD_RESET_VIEW:
            email = request.POST.get("email", "").strip().lower()
            return match.url_name, f"password-reset:{email}"
        return None, None
