"""The confirmation page and the signed cookie that carries a new reference to it.

The new reference travels in a signed cookie that only that form page's addresses receive,
never in the URL, so the confirmation page cannot be reached by guessing another family's
reference, and it shows no personal data. The page is the same for every visitor but for the
reference and the date we will be in touch, so it is rendered once per content version and
those words are put in per visitor.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import dateformat
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape

from home.cache import read_current, store_current
from home.models import SiteSettings
from referrals.cases.working_days import contact_by_date

# Every confirmation cookie's name starts so (the quick exit deletes them all: see apps.py).
CONFIRMATION_COOKIE_PREFIX = "vig-confirmation-"
# Named for the form page in every language (its translation key), so the confirmation survives
# a change of language.
CONFIRMATION_COOKIE = CONFIRMATION_COOKIE_PREFIX + "{page_id}"
CONFIRMATION_SALT = "referrals.intake.views.confirmation"  # unchanged: cookies already set
# Between the reference and the date in the cookie: in neither (VIG-XXXX-XXXX, 2026-01-05),
# and, like them, a cookie-octet, so the value is never quoted.
CONFIRMATION_SEPARATOR = "_"
CONFIRMATION_SECONDS = 60 * 60
CONTACT_BY_FORMAT = "l j E Y"  # E: the month as a date says it ("7 grudnia")
# Where the visitor's own reference and date go in the shared confirmation page.
REFERENCE_PLACEHOLDER = "vig-reference-placeholder-7c2a"
CONTACT_BY_PLACEHOLDER = "vig-contact-by-placeholder-7c2a"
# What an editor's preview of the confirmation page shows instead of a real reference.
PREVIEW_REFERENCE = "VIG-PREV-IEW0"


def remember_confirmation(page, response, reference, received):
    """The new reference goes to the confirmation page in a signed cookie, named for this form
    page, that lasts an hour (or until the quick exit deletes it): no session row is written
    for it. Its value is made only of RFC 6265 cookie-octets (`<reference>_<date>:<signature>`),
    which every cookie parser reads the same."""
    value = f"{reference}{CONFIRMATION_SEPARATOR}{received}"
    response.set_signed_cookie(
        CONFIRMATION_COOKIE.format(page_id=page.translation_key),
        value,
        salt=CONFIRMATION_SALT,
        max_age=CONFIRMATION_SECONDS,
        path="/",  # so the quick exit (/leave/) can delete it
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def redirect_to_confirmation(page, reference, received):
    """The redirect after a sending: to the confirmation, with the reference in its cookie."""
    response = redirect(page.confirmation_url())
    remember_confirmation(page, response, reference, received)
    return response


def confirmation_cookie(page, request):
    """(reference, date received) from this browser's cookie for `page`; None without one."""
    try:
        value = request.get_signed_cookie(
            CONFIRMATION_COOKIE.format(page_id=page.translation_key),
            salt=CONFIRMATION_SALT,
            max_age=CONFIRMATION_SECONDS,
        )
        reference, received = value.split(CONFIRMATION_SEPARATOR)
        return reference, datetime.date.fromisoformat(received)
    except (KeyError, ValueError, TypeError, signing.BadSignature):
        return None


def confirmation_view(page, request):
    stored = confirmation_cookie(page, request)
    if stored is None:
        return redirect(page.url)
    reference, received = stored
    return render_confirmation(page, request, reference=reference, received=received)


def render_confirmation(page, request, *, reference, received, shared=True):
    """The confirmation page: rendered once per content version with placeholders, then the
    visitor's reference and date are put in (they are all that differs between visitors).
    An editor's preview (`shared=False`) is always rendered from the page it is given."""
    # Shared only as an anonymous visitor sees it (a signed-in editor's copy has Wagtail's
    # user bar in it).
    shared = shared and settings.PUBLIC_PAGE_CACHE_SECONDS > 0 and not request.user.is_authenticated
    key = f"confirmation-page:v4:{page.pk}"  # per language (home.cache.read_current)
    version, stored = read_current(key) if shared else (None, None)
    if stored is not None:
        shell, working_days = stored
    else:
        working_days = SiteSettings.load(request_or_site=request).response_working_days
        shell = page.render(
            request,
            template=page.confirmation_template,
            context_overrides={
                "reference": REFERENCE_PLACEHOLDER,
                "contact_by": CONTACT_BY_PLACEHOLDER,
            },
        ).rendered_content
        if shared:
            store_current(key, version, (shell, working_days))
    contact_by = dateformat.format(contact_by_date(received, working_days), CONTACT_BY_FORMAT)
    response = HttpResponse(
        shell.replace(REFERENCE_PLACEHOLDER, escape(reference)).replace(
            CONTACT_BY_PLACEHOLDER, escape(contact_by)
        )
    )
    add_never_cache_headers(response)
    return response
