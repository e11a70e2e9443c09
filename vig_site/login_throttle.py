"""Throttle failed staff logins: too many failures from one client or for one account within
a window and further attempts are refused for the rest of the window.

Counts live in the shared cache (Redis in production), so the limit holds across processes and
machines. Usernames are hashed before they become cache keys.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

from .client_address import client_address

LOGIN_PATHS = ("/admin/login/",)


def _keys(request):
    username = request.POST.get("username", "").strip().lower()
    digest = hashlib.sha256(username.encode()).hexdigest()[:32]
    return [f"login-fail:ip:{client_address(request) or 'unknown'}", f"login-fail:user:{digest}"]


def _is_locked(keys):
    # One address may be a whole office behind one router, so it gets a larger allowance than
    # one account.
    ip_key, user_key = keys
    return (cache.get(user_key) or 0) >= settings.LOGIN_FAILURE_LIMIT or (
        cache.get(ip_key) or 0
    ) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS


def _record_failure(keys):
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in keys:
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


class LoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path not in LOGIN_PATHS:
            return self.get_response(request)
        keys = _keys(request)
        if _is_locked(keys):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            body = render_to_string("login_throttled.html", {"minutes": minutes}, request=request)
            return HttpResponse(body, status=429)
        response = self.get_response(request)
        # Wagtail's login view redisplays the form (200) on failure and redirects on success.
        if response.status_code == 200:
            _record_failure(keys)
        elif response.status_code in (301, 302, 303):
            cache.delete(keys[1])
        return response
