"""Per-client limit on saved submissions, counted in Django's cache (Redis in production, so
every process and machine shares the count).

The client is identified by REMOTE_ADDR. Behind a reverse proxy or load balancer, the proxy
must set REMOTE_ADDR to the real client address (for example gunicorn's
--forwarded-allow-ips with a proxy that overwrites X-Forwarded-For, or the proxy's
PROXY protocol); otherwise every visitor shares the proxy's address and one limit.
The address is hashed before it is used as a cache key, so no address is stored.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(request, scope):
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"intake-rate:{scope}:{digest}"


def is_limited(request, scope="submissions"):
    """True when this client has already made SUBMISSION_RATE_LIMIT submissions this window."""
    limit = settings.SUBMISSION_RATE_LIMIT
    if limit <= 0:
        return False
    try:
        return (cache.get(_key(request, scope)) or 0) >= limit
    except Exception:  # a cache outage must not stop a family from submitting
        return False


def record_submission(request, scope="submissions"):
    """Count one saved submission for this client."""
    key = _key(request, scope)
    try:
        if not cache.add(key, 1, timeout=settings.SUBMISSION_RATE_WINDOW_SECONDS):
            cache.incr(key)
    except Exception:  # noqa: S110 - counting is best-effort; the submission is already saved
        pass
