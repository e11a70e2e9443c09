"""A form page sent twice (a double click, or sent again while the first was slow): the second
sending gets the first one's confirmation instead of making a second case.

Each form a visitor is shown carries its own CSRF token (Django masks it afresh for every
page), so the token posted identifies that one copy of the form: no extra hidden field. The
first POST of a copy claims it in the shared cache; a second POST of the same copy waits for
the first to be saved and gets its confirmation. Only a digest of the token is kept.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from referrals.intake import ratelimit
from referrals.intake.confirmation import redirect_to_confirmation

logger = logging.getLogger(__name__)

SENT_FORMS_SECONDS = 60 * 60
SENDING = "sending"
WAIT_FOR_FIRST_SECONDS = 10


def claim(page, request):
    """(the key of this copy of the form, None), or (None, the first sending's confirmation)
    when this very copy was sent already (a double click, or sent again while slow)."""
    key = _sent_key(page, request)
    if key and not _claim_sending(key):
        answer = _already_sent(page, key)
        if answer is not None:
            ratelimit.release(request)
            return None, answer
    return key, None


def remember_sent(key, sent):
    """This copy of the form was saved as `sent` (reference, date received)."""
    if key:
        try:
            cache.set(key, sent, timeout=SENT_FORMS_SECONDS)
        except Exception:  # noqa: S110 - only the double-click guard is lost
            pass


def abandon(request, key):
    """Nothing was saved: the corrected form may be sent, and mistakes do not count against
    the rate limit."""
    _forget_sent(key)
    ratelimit.release(request)


def _sent_key(page, request):
    token = request.POST.get("csrfmiddlewaretoken", "")
    if not token:
        return None
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{page.pk}:{token}".encode()).hexdigest()
    return f"intake-sent:{digest[:40]}"


def _claim_sending(key):
    try:
        return cache.add(key, SENDING, timeout=SENT_FORMS_SECONDS)
    except Exception:  # no shared cache: send it; the rate limit still applies
        logger.warning("Cache unavailable: a repeated form cannot be recognised")
        return True


def _forget_sent(key):
    if key:
        try:
            cache.delete(key)
        except Exception:  # noqa: S110 - the claim expires by itself
            pass


def _already_sent(page, key):
    """The first sending's confirmation; None when that one was not saved (it had mistakes),
    so this one is checked and saved in its place."""
    deadline = time.monotonic() + WAIT_FOR_FIRST_SECONDS
    while True:
        sent = cache.get(key)
        if sent is None:
            return None
        if sent != SENDING:
            return redirect_to_confirmation(page, *sent)
        if time.monotonic() > deadline:
            return None
        time.sleep(0.1)
