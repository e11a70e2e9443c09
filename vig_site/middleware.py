"""Response headers the framework does not set for us, and the site's CSP, built once."""

import functools
import time
from http import HTTPStatus

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth import logout
from django.core.signals import setting_changed
from django.dispatch import receiver

from .admin_path import is_admin
from .views import bad_request

# The Wagtail admin's policy: scripts from the site only, as on the public site. What Wagtail 8
# still needs beyond the public policy, and why:
# - script-src: nothing more. Its inline scripts (date and time pickers, inline panels,
#   choosers) are carried as data and started by static/js/admin_init.js (home.wagtail_hooks).
#   Wagtail's check for a newer release is off (WAGTAIL_ENABLE_UPDATE_CHECK), so connect-src
#   needs nothing either.
# - style-src 'unsafe-inline': Wagtail's templates and scripts write style="" attributes (the
#   focal point chooser, progress bars, the sidebar's width, Draftail's toolbar). A style
#   cannot run code; scripts stay strict.
# - img-src data: blob: — the image chooser previews an upload before it is sent (blob:) and
#   Wagtail's icons and placeholders are data: URLs; images may also come from the media
#   bucket (MEDIA_IMG_SOURCES).
# - frame-src 'self' and the two video hosts: the page editor's preview panel frames the site,
#   and the embed block's preview frames the video.
# - frame-ancestors 'self': the preview panel and the block picker's previews are admin pages
#   framed by the admin.
ADMIN_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:{media}",
        "frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com",
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class RefuseNulMiddleware:
    """A NUL character in the address or its query string is answered 400 (the "could not read
    what was sent" page), before any view sees it: PostgreSQL refuses NUL in a string, so a
    search box, a list filter or a page path that passed one to a query answered 500. Nobody
    types NUL; forms' own fields already refuse it in what is posted, with a message there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if is_admin(request):
            response.headers.setdefault("Content-Security-Policy", admin_policy())
            # Referral data must never sit in a shared or browser cache.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


@functools.cache
def admin_policy():
    """The admin's Content-Security-Policy header, with the media bucket's origins."""
    return ADMIN_CSP.format(media="".join(f" {s}" for s in settings.MEDIA_IMG_SOURCES))


@functools.cache
def site_policy(preview=False):
    """The public site's Content-Security-Policy header, from CONTENT_SECURITY_POLICY. A page
    previewed in the editor is framed by the admin's side-by-side panel, so its preview may be
    framed by the site itself; every page as the public gets it stays unframeable."""
    if preview:
        return build_policy(replace={"frame-ancestors": ["'self'"]})
    return build_policy()


@receiver(setting_changed)
def _forget_site_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()
    if setting == "MEDIA_IMG_SOURCES":
        admin_policy.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site-wide policy built once per process.

    django-csp builds the header from the settings on every response, which was a fifth of a
    constant view's time. Responses that change the policy for themselves (django-csp's
    decorators, a nonce, a report-only policy) still go through django-csp as before.
    """

    def process_response(self, request, response):
        if is_admin(request):
            return response  # the admin's own policy: SecurityHeadersMiddleware
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(
                getattr(response, name, None) is not None
                for name in ("_csp_config", "_csp_update", "_csp_replace")
            )
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            HTTPStatus.INTERNAL_SERVER_ERROR,
            HTTPStatus.NOT_FOUND,
        ):
            return response
        # Wagtail marks the request it makes to render a preview (make_preview_request).
        preview = getattr(request, "is_preview", False) is True
        if (
            HEADER not in response
            and not getattr(response, "_csp_exempt", False)
            and site_policy(preview)
        ):
            response[HEADER] = site_policy(preview)
        return response


class StaffSessionMiddleware:
    """Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request, and in any case
    STAFF_SESSION_MAX_HOURS after signing in. Ending one flushes it, with the search terms it
    held. (Django already ends a user's other sessions when their password changes.)"""

    STARTED, SEEN = "_vig_session_started", "_vig_session_seen"
    SEEN_EVERY_SECONDS = 60  # note activity at most once a minute, not a write per request

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.get(self.STARTED)
            seen = session.get(self.SEEN, started)
            idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
            lifetime = settings.STAFF_SESSION_MAX_HOURS * 3600
            if started is None:
                session[self.STARTED] = session[self.SEEN] = now
            elif now - seen > idle or now - started > lifetime:
                logout(request)  # request.user is now anonymous: the page asks to sign in
            elif now - seen > self.SEEN_EVERY_SECONDS:
                session[self.SEEN] = now
        return self.get_response(request)
