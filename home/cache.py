"""Whole-page caching of public content pages for anonymous visitors.

Content pages (HomePage, InformationPage) mark their responses as shareable; the
PublicPageCacheMiddleware stores those and answers later anonymous requests for the same
address before Wagtail routes the request at all, so a cached page costs about what a constant
Django view costs.

Every key carries a site-wide content version. Publishing, unpublishing, moving or deleting a
page, or saving the site settings, bumps the version, so no visitor ever sees a stale menu,
footer or phone number. The cache is Django's (Redis in production), shared by all processes.
Form pages never mark their responses: they carry CSRF tokens and session state.

A page whose content changes by itself at a known moment (an alert banner that starts or ends,
home.templatetags.alert_banners) says so with `changes_at`; the page is stored with that moment
and never served from the cache at or after it.
"""

import contextvars
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import http_date
from django.utils.translation import get_language

from vig_site.cache import degraded

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
SHAREABLE_ATTR = "vig_shareable_page"
# A page that is the same for everyone but for the visitor's CSRF token (an empty form) is
# stored with this placeholder where the token goes; each visitor gets their own put in.
CSRF_PLACEHOLDER = "vig-csrf-token-placeholder-5d1e"  # noqa: S105 - not a secret
# And this where the visitor's form key goes (form_key).
FORM_KEY_PLACEHOLDER = "form-vig-form-key-placeholder-5d1e"
SHARED_CONTENT_ATTR = "vig_shared_content"
# The content version a request was answered at, read once, and when (home.snapshot uses them).
VERSION_ATTR = "_vig_content_version"
VERSION_READ_AT_ATTR = "_vig_content_version_read_at"
# The moment (a POSIX timestamp) at which what this request showed changes by itself; also
# kept for the request being answered, for what is stored without the request at hand (the
# referral confirmation's shell).
CHANGES_AT_ATTR = "_vig_content_changes_at"
_changes_at = contextvars.ContextVar("vig_content_changes_at", default=None)
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


# How long a process remembers that an address gave a page it may not share (a form, a private
# page, a plain view), and so skips the cache for it. Bounded in size and time: at worst a page
# that becomes shareable is cached that much later.
UNSHAREABLE_MEMO_SECONDS = 60
UNSHAREABLE_MEMO_SIZE = 2000
_unshareable = {}  # (host, path) -> monotonic time until which the cache is skipped


def content_version():
    """The content version now; None when the cache is unavailable (pages are then rendered
    for every request and nothing is stored).

    A cache that was emptied starts again at a random version, so nothing remembered for an
    earlier one (home.snapshot, in each process) is taken for the current one."""
    version = cache.get(VERSION_KEY)
    if version is None:
        try:
            cache.add(VERSION_KEY, secrets.randbelow(2**52) + 1, timeout=None)
        except Exception:  # the cache is down (vig_site.cache): serve without it
            degraded(logger, "pages are rendered for every request, without the page cache")
            return None
        version = cache.get(VERSION_KEY)  # None if the cache failed in between: no caching
    return version


def bump_content_version(**kwargs):
    """A new content version, now and again when the change is committed: a page read between
    the two (still seeing the old content) is not kept under the new version."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (an emptied cache): start a new one
        cache.set(VERSION_KEY, secrets.randbelow(2**52) + 1, timeout=None)
    except Exception:  # the cache is down: a publish must still succeed
        degraded(
            logger,
            "a change was published without a new page-cache version; pages cached before "
            "the outage may be served until they expire (PUBLIC_PAGE_CACHE_SECONDS)",
        )
    forget_unshareable()


def forget_unshareable():
    _unshareable.clear()


def is_cacheable(request):
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.GET
        and not request.path.startswith(("/admin/", "/documents/", "/static/", "/media/"))
        and not getattr(request, "is_preview", False)
        and not _known_unshareable(request)
        and not request.user.is_authenticated
    )


def _known_unshareable(request):
    until = _unshareable.get((request.get_host(), request.path))
    return until is not None and until > time.monotonic()


def _remember_unshareable(request):
    if len(_unshareable) >= UNSHAREABLE_MEMO_SIZE:
        forget_unshareable()
    _unshareable[(request.get_host(), request.path)] = time.monotonic() + UNSHAREABLE_MEMO_SECONDS


def mark_shareable(response):
    """Called by content pages: this response is the same for every anonymous visitor."""
    setattr(response, SHAREABLE_ATTR, True)
    return response


def mark_shareable_but_for_csrf(response, shared_content):
    """Called by an empty form: `shared_content` is this response with CSRF_PLACEHOLDER where
    the visitor's token is. The cache keeps that, and puts each visitor's own token in."""
    setattr(response, SHAREABLE_ATTR, True)
    setattr(response, SHARED_CONTENT_ATTR, shared_content)
    return response


def with_token(request, content):
    """`content` (bytes) with this visitor's own CSRF token where CSRF_PLACEHOLDER is, and
    their form key where FORM_KEY_PLACEHOLDER is."""
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode()).replace(
        FORM_KEY_PLACEHOLDER.encode(), form_key(request).encode()
    )


def form_key(request):
    """The name of the empty field that comes first in every form a visitor fills in: the
    same on every page for one browser, until it leaves with the quick exit.

    A browser puts what was typed back into a page that Back fetches again when the page's
    form looks the same (Chromium: the same action and the same names for its first fields).
    The key is derived from the browser's CSRF secret, which "Leave this site quickly" replaces
    (home.views.leave_quickly), so after leaving no page is the form the answers were typed
    into, while Back after an ordinary visit (an outage page) still gives them back.
    Django keeps the secret it has just read or made in request.META["CSRF_COOKIE"]
    (tests/referrals/intake/test_quick_exit_forms.py fails if an upgrade changes that)."""
    get_token(request)  # the browser gets a CSRF cookie if it has none
    secret = request.META["CSRF_COOKIE"]
    return "form-" + salted_hmac("home.cache.form_key", secret).hexdigest()[:16]


def _is_personal(request, response):
    """True when the page used a CSRF token (other than through the placeholder), wrote the
    session or set a cookie: never share it.

    (Reading the session is fine: every request does, to learn that the visitor is anonymous.)
    """
    session = getattr(request, "session", None)
    token_placeholder = getattr(response, SHARED_CONTENT_ATTR, None) is not None
    return bool(
        response.cookies
        or (request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not token_placeholder)
        or (session is not None and session.modified)
    )


def _key(request):
    # The language is in the path (/pl/...) and, so that nothing can ever serve one language's
    # page for another's, in the key too.
    return f"public-page:v4:{get_language()}:{request.get_host()}:{request.path}"


def changes_at(request, moment):
    """What `request` shows changes by itself at `moment` (an aware datetime): a page stored
    from it is not served from then on. The earliest moment given wins."""
    when = moment.timestamp()
    earlier = _changes_at.get() if request is None else getattr(request, CHANGES_AT_ATTR, None)
    if earlier is None or when < earlier:
        if request is not None:
            setattr(request, CHANGES_AT_ATTR, when)
        _changes_at.set(when)


def next_change():
    """The moment (a POSIX timestamp) at which what the request being answered shows changes
    by itself, if `changes_at` was told of one; else None."""
    return _changes_at.get()


def has_changed(until):
    """Whether the moment `until` (a POSIX timestamp, or None for never) has come."""
    return until is not None and timezone.now().timestamp() >= until


def _in_language(key):
    """What is kept is kept per language (a confirmation page's shell, a feed)."""
    return f"{get_language()}:{key}"


def read_current(key):
    """(the content version now, what `key` holds if it was stored at that version and has not
    reached the moment it changes at, else None), in one round trip to the cache."""
    key = _in_language(key)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = content_version()
    stored = found.get(key)
    if stored is None or stored[0] != version:
        return version, None
    if len(stored) > 2 and has_changed(stored[2]):
        return version, None  # a banner has started or ended since: render it afresh
    return version, stored[1]


def store_current(key, version, value, *, until=None):
    """Keep `value` under `key` for the content version it was made at (see read_current), and
    until the moment `until` (a POSIX timestamp; by default the one `changes_at` was given for
    the request being answered), if there is one; nothing is kept while the cache is
    unavailable (no version), or for a moment already past."""
    if version is None:
        return
    key = _in_language(key)
    until = until if until is not None else _changes_at.get()
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    if until is not None:
        left = until - timezone.now().timestamp()
        if left <= 0:
            return
        timeout = min(timeout, int(left) + 1)  # read_current holds the exact moment
    cache.set(key, (version, value, until), timeout=timeout)


class PublicPageCacheMiddleware:
    """Serve shareable pages from the cache. Sits last, so every header is still added.

    One round trip to the cache per request: the content version and the page are read
    together, and a stored page carries the version it was rendered at. Addresses that
    answered with something that may not be shared are not looked up again for a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _changes_at.set(None)  # what the last request in this thread showed is not this one's
        if not is_cacheable(request):
            return self.get_response(request)
        key = _key(request)
        read_at = time.monotonic()
        version, cached = read_current(key)
        setattr(request, VERSION_ATTR, version)
        setattr(request, VERSION_READ_AT_ATTR, read_at)
        if cached is not None:
            content, content_type, needs_token = cached
            if needs_token:
                content = with_token(request, content)
            response = HttpResponse(content, content_type=content_type)
            if needs_token:
                # What add_never_cache_headers writes, without working it out on every hit.
                response.headers["Cache-Control"] = NEVER_CACHE
                response.headers["Expires"] = http_date()
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(response, SHAREABLE_ATTR, False)
            and response.status_code == 200
            and not response.streaming
            and not _is_personal(request, response)
        ):
            shared = getattr(response, SHARED_CONTENT_ATTR, None)
            content = response.content if shared is None else shared
            store_current(
                key,
                version,
                (content, response["Content-Type"], shared is not None),
                until=getattr(request, CHANGES_AT_ATTR, None),
            )
            response["X-Page-Cache"] = "miss"
        elif response.status_code == 200:
            _remember_unshareable(request)
        return response
