"""The public form pages' request handling: show the form, check it, save it, confirm it.

This sits above models, forms and services. The form pages (referrals.models.pages) route
their two URLs here; ReferralsConfig.ready() hands this module to them, so the models never
import upwards.

Each page answers two URLs: the form itself, and <page>/confirmation/, reached by
redirect-after-POST. The new reference travels in a signed cookie that only that form page's
addresses receive, never in the URL, so the confirmation page cannot be reached by guessing
another family's reference, and it shows no personal data.

Both pages are the same for every visitor but for a few words (the CSRF token; the reference
and the date we will be in touch), so each is rendered once per content version and those
words are put in per visitor: the empty form through the public page cache (home.cache), the
confirmation here.
"""

import datetime
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils import dateformat, timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape

from home.cache import (
    CSRF_PLACEHOLDER,
    mark_shareable_but_for_csrf,
    read_current,
    store_current,
)
from home.models import SiteSettings

from . import ratelimit, spam
from .forms import EnquiryForm, ReferralForm
from .models import EnquiryFormPage, ReferralFormPage
from .services.intake import enquiry_submit, referral_submit
from .working_days import contact_by_date

logger = logging.getLogger(__name__)

CONFIRMATION_COOKIE = "vig-confirmation-{page_id}"
CONFIRMATION_SALT = "referrals.views.confirmation"
CONFIRMATION_SECONDS = 60 * 60
CONTACT_BY_FORMAT = "l j F Y"
# Where the visitor's own reference and date go in the shared confirmation page.
REFERENCE_PLACEHOLDER = "vig-reference-placeholder-7c2a"
CONTACT_BY_PLACEHOLDER = "vig-contact-by-placeholder-7c2a"
# Label and input width class of the day, month and year inputs.
DATE_PARTS = [("Day", 2), ("Month", 2), ("Year", 4)]
# What an editor's preview of the confirmation page shows instead of a real reference.
PREVIEW_REFERENCE = "VIG-PREV-IEW0"


@dataclass(frozen=True)
class Intake:
    """How one kind of form page builds its form and saves what was sent."""

    form: Any  # (page, data, checked) -> the form
    submit: Any  # (page, form, verdict) -> the saved case


INTAKES = {
    ReferralFormPage: Intake(
        form=lambda page, data, checked: ReferralForm(data=data, kind=page.kind, checked=checked),
        submit=lambda page, form, verdict: referral_submit(
            form_data=form.data_for_saving(), page=page, kind=page.kind, spam=verdict
        ),
    ),
    EnquiryFormPage: Intake(
        form=lambda page, data, checked: EnquiryForm(data=data, checked=checked),
        submit=lambda page, form, verdict: enquiry_submit(
            form_data=form.data_for_saving(), page=page, spam=verdict
        ),
    ),
}


def _intake(page):
    return INTAKES[type(page)]


def form_view(page, request):
    intake = _intake(page)
    if request.method != "POST":
        shared = settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        if request.user.is_authenticated or request.GET or not shared:
            return render_form(page, request, intake.form(page, None, True))
        return blank_form(page, request)
    if not ratelimit.reserve(request):
        # Keep what they typed, but do not check it or save it: ask them to phone.
        form = intake.form(page, request.POST, False)
        return render_form(page, request, form, rate_limited=True, status=429)
    key = _sent_key(page, request)
    if key and not _claim_sending(key):
        # This very page was sent already (a double click, or sent again while slow): show
        # the first one's confirmation instead of saving it twice.
        answer = _already_sent(page, key)
        if answer is not None:
            ratelimit.release(request)
            return answer
    form = intake.form(page, request.POST, True)
    if form.is_valid():
        verdict = spam.assess(form)
        try:
            case = intake.submit(page, form, verdict)
        except ValidationError as exc:  # defence in depth: the form should catch it
            logger.warning("Submission refused by model validation on page %s", page.pk)
            _add_model_errors(form, exc)
        else:
            sent = (case.reference, timezone.localdate(case.received_at).isoformat())
            _remember_sent(key, sent)
            response = redirect(page.confirmation_url())
            _remember_confirmation(page, response, *sent)
            return response
    _forget_sent(key)  # nothing was saved: the corrected form may be sent
    ratelimit.release(request)  # nothing was saved: mistakes do not count
    return render_form(page, request, form)


# A form page sent twice --------------------------------------------------------------------
#
# Each form a visitor is shown carries its own CSRF token (Django masks it afresh for every
# page), so the token posted identifies that one copy of the form: no extra hidden field. The
# first POST of a copy claims it in the shared cache; a second POST of the same copy waits for
# the first to be saved and gets its confirmation. Only a digest of the token is kept.

SENT_FORMS_SECONDS = 60 * 60
SENDING = "sending"
WAIT_FOR_FIRST_SECONDS = 10


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


def _remember_sent(key, sent):
    if key:
        try:
            cache.set(key, sent, timeout=SENT_FORMS_SECONDS)
        except Exception:  # noqa: S110 - only the double-click guard is lost
            pass


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
            response = redirect(page.confirmation_url())
            _remember_confirmation(page, response, *sent)
            return response
        if time.monotonic() > deadline:
            return None
        time.sleep(0.1)


def blank_form(page, request):
    """The empty form, the same for every anonymous visitor but for their CSRF token.

    It is rendered with a placeholder where the token goes and handed to the public page cache
    (home.cache), which serves it from then on before Wagtail routes the request, putting
    each visitor's own token in. Publishing any page or saving the site settings starts a new
    content version, so an editor's change shows at once.
    """
    response = render_form(
        page,
        request,
        _intake(page).form(page, None, True),
        extra_context={"csrf_token": CSRF_PLACEHOLDER},
    )
    shared = response.rendered_content.encode()
    visitors = HttpResponse(shared.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode()))
    add_never_cache_headers(visitors)
    return mark_shareable_but_for_csrf(visitors, shared)


def _remember_confirmation(page, response, reference, received):
    """The new reference goes to the confirmation page in a signed cookie that only this form
    page's addresses receive and that lasts an hour: no session row is written for it."""
    value = json.dumps([reference, received])
    response.set_signed_cookie(
        CONFIRMATION_COOKIE.format(page_id=page.pk),
        value,
        salt=CONFIRMATION_SALT,
        max_age=CONFIRMATION_SECONDS,
        path=page.url,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _confirmation_cookie(page, request):
    try:
        value = request.get_signed_cookie(
            CONFIRMATION_COOKIE.format(page_id=page.pk),
            salt=CONFIRMATION_SALT,
            max_age=CONFIRMATION_SECONDS,
        )
        reference, received = json.loads(value)
        return reference, datetime.date.fromisoformat(received)
    except (KeyError, ValueError, TypeError, signing.BadSignature):
        return None


def confirmation_view(page, request):
    stored = _confirmation_cookie(page, request)
    if stored is None:
        return redirect(page.url)
    reference, received = stored
    return render_confirmation(page, request, reference=reference, received=received)


def render_confirmation(page, request, *, reference, received, shared=True):
    """The confirmation page: rendered once per content version with placeholders, then the
    visitor's reference and date are put in (they are all that differs between visitors).
    An editor's preview (`shared=False`) is always rendered from the page it is given."""
    shared = shared and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
    key = f"confirmation-page:v2:{page.pk}"
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


def preview(page, request, mode):
    """An editor's preview: the blank form, or the confirmation page with a sample reference."""
    if mode == "confirmation":
        return render_confirmation(
            page, request, reference=PREVIEW_REFERENCE, received=timezone.localdate(), shared=False
        )
    return render_form(page, request, _intake(page).form(page, None, True))


def render_form(page, request, form, *, rate_limited=False, status=200, extra_context=None):
    response = page.render(
        request,
        template=page.form_template,
        context_overrides={
            "form": form,
            "date_parts": DATE_PARTS,
            "rate_limited": rate_limited,
            "has_errors": bool(form.is_bound and not rate_limited and form.errors),
            **(extra_context or {}),
        },
    )
    response.status_code = status
    add_never_cache_headers(response)
    return response


def _add_model_errors(form, exc):
    messages = getattr(exc, "message_dict", {"__all__": exc.messages})
    for name, errors in messages.items():
        field = name if name in form.fields else None
        for _message in errors:
            form.add_error(field, "Check this answer and try again")
