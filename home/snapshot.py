"""What a public page is built from that changes only when something is published, remembered
in each process for the content version (home.cache) it was read at.

A page the page cache cannot share (a referral's question pages, "Check your answers", the
confirmation) is still mostly what every visitor sees: the route from its address to the page,
the site settings, the header with its menu, the footer with the council's logo and the
breadcrumbs. Read afresh, those are a dozen queries and most of the rendering of each request.
Here they are read once per content version and process, and every anonymous request after that
asks the cache one question (the content version) instead.

The content version changes whenever published content, the site settings, a page's view
restrictions, an image or a site changes (home.signals), and it starts at a random number
whenever the cache is emptied, so a process never mistakes an old version for the current one;
and nothing is kept for more than a minute whatever happens to the version. Staff who are
signed in, previews and a site without the cache (PUBLIC_PAGE_CACHE_SECONDS = 0, or the cache
down) always read afresh.

Only what is the same for every visitor is remembered: nothing from a session, a form or a
case. The objects are shared by the requests of one process, so callers only read them.
"""

import threading
import time

from django.conf import settings
from django.utils.translation import get_language

from .cache import VERSION_ATTR, VERSION_READ_AT_ATTR, content_version, has_changed, next_change

# Routes, rendered headers (one per page's address) and the like. A site has a few dozen
# addresses a visitor can reach; past this the oldest entry makes room.
MAX_ENTRIES = 2000
# Nothing is kept longer than this (or PUBLIC_PAGE_CACHE_SECONDS, if shorter), whatever happened
# to the content version: a bump lost while the cache was briefly unreachable, or `make run`'s
# memory cache, which a publish from another process (scheduled publishing) cannot bump.
LIFETIME_SECONDS = 60

_lock = threading.Lock()
_memo = {}
_state = {"version": None, "since": 0.0, "read_at": 0.0}
MISSING = object()


def applies(request):
    """True when `request` may be answered from what is remembered: an anonymous visitor's
    request, not a preview, with the public caching on."""
    return (
        request is not None
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and not getattr(request, "is_preview", False)
        and not getattr(getattr(request, "user", None), "is_authenticated", True)
    )


def version_for(request):
    """The content version this request is answered at (read once a request); None when
    nothing may be remembered for it."""
    if not hasattr(request, VERSION_ATTR):
        setattr(request, VERSION_ATTR, content_version() if applies(request) else None)
        setattr(request, VERSION_READ_AT_ATTR, time.monotonic())
    return getattr(request, VERSION_ATTR)


def remember(request, key, build, *, keep=lambda value: True):
    """What `build()` gives, read once per content version and process for `key`.

    `keep(value)` says whether a value may be remembered (a page that was not found is not:
    any address can be asked for)."""
    found = recall(request, key)
    if found is not MISSING:
        return found
    value = build()
    if keep(value):
        # What shows an alert banner is kept only until the banner starts or ends (home.cache).
        until = next_change()
        store(request, key, value if until is None else _Until(value, until))
    return value


class _Until:
    """A value remembered only until the moment `until` (a POSIX timestamp)."""

    __slots__ = ("until", "value")

    def __init__(self, value, until):
        self.value, self.until = value, until


def recall(request, key):
    """What is remembered for `key` at this request's content version, else MISSING."""
    version = version_for(request) if request is not None else None
    if version is None:
        return MISSING
    with _lock:
        if not _at_version(version, getattr(request, VERSION_READ_AT_ATTR, 0.0)):
            return MISSING
        found = _memo.get(_in_language(key), MISSING)
    if isinstance(found, _Until):
        return MISSING if has_changed(found.until) else found.value
    return found


def store(request, key, value):
    """Remember `value` for `key` at this request's content version (if it is still the
    current one)."""
    version = version_for(request) if request is not None else None
    if version is None:
        return
    with _lock:
        if _state["version"] == version:
            while len(_memo) >= MAX_ENTRIES:
                _memo.pop(next(iter(_memo)))  # the oldest
            _memo[_in_language(key)] = value


def _in_language(key):
    """Everything remembered is remembered per language: a page, a route (Wagtail's path leaves
    out the /pl/ prefix, and each language has its own tree), a rendered form."""
    return (get_language(), key)


def _at_version(version, read_at):
    """(Under the lock.) Whether what is remembered is for `version`, starting afresh when the
    request knows a newer version than the memory, or the memory is LIFETIME_SECONDS old. A
    request that read its version before the memory's (a slow request during a publish) is
    answered afresh and changes nothing."""
    now = time.monotonic()
    lifetime = min(LIFETIME_SECONDS, settings.PUBLIC_PAGE_CACHE_SECONDS)
    if _state["version"] == version and now - _state["since"] < lifetime:
        return True
    if _state["version"] != version and read_at < _state["read_at"]:
        return False
    _memo.clear()
    _state.update(version=version, since=now, read_at=read_at)
    return True


def forget():
    """Forget everything remembered (tests; a new version does this by itself)."""
    with _lock:
        _memo.clear()
        _state.update(version=None, since=0.0, read_at=0.0)


class RemembersViewRestrictions:
    """For a page model: when its route is remembered (home.views.serve), so are its view
    restrictions, which Wagtail reads on every request to serve it (two queries). A change to
    any restriction is a new content version (home.signals)."""

    remembered_view_restrictions = None

    def get_view_restrictions(self):
        if self.remembered_view_restrictions is not None:
            return self.remembered_view_restrictions
        return super().get_view_restrictions()

    def remember_view_restrictions(self):
        self.remembered_view_restrictions = list(super().get_view_restrictions())
