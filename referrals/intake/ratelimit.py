"""Per-client limit on saved submissions, counted in Django's cache (Redis in production, so
every process and machine shares the count).

The client is identified by its address as vig_site.client_address works it out: REMOTE_ADDR,
or behind our own proxies (TRUSTED_PROXIES) the right-most address in X-Forwarded-For that is
not one of them. The address is hashed before it is used as a cache key, so no address is
stored.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from vig_site.cache import degraded
from vig_site.client_address import client_address

logger = logging.getLogger(__name__)


def _key(request, scope):
    address = client_address(request) or "unknown"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"intake-rate:{scope}:{digest}"


def reserve(request, scope="submissions"):
    """Take one of this client's SUBMISSION_RATE_LIMIT slots for the window; False if none is left.

    Taking the slot is a single atomic increment, so a burst of parallel posts cannot all slip
    under the limit. Give the slot back with `release` when nothing is saved.
    """
    limit = settings.SUBMISSION_RATE_LIMIT
    if limit <= 0:
        return True
    key = _key(request, scope)
    try:
        if cache.add(key, 1, timeout=settings.SUBMISSION_RATE_WINDOW_SECONDS):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # the window ended between add and incr
                cache.set(key, 1, timeout=settings.SUBMISSION_RATE_WINDOW_SECONDS)
                count = 1
    except Exception:  # a cache outage must not stop a family from submitting
        degraded(logger, "the submission rate limit is not applied")
        return True
    if count > limit:
        release(request, scope)
        return False
    return True


def release(request, scope="submissions"):
    """Give back a slot taken by `reserve` (the form had mistakes, so nothing was saved)."""
    if settings.SUBMISSION_RATE_LIMIT <= 0:
        return
    try:
        cache.decr(_key(request, scope))
    except Exception:  # noqa: S110 - the slot expires with the window anyway
        pass
