"""Error pages that must work even when the database does not, in the language of the address
(/pl/..., /ar/...; English unprefixed), whatever stage of the request went wrong."""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

from home.models import SiteSettings

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request):
    """Render 500.html with the team's phone number from the site settings when they load.

    When the database is the problem (down, or refusing connections), say so with a 503: the
    service is unavailable for a while, and nothing was saved.
    """
    outage = isinstance(sys.exception(), DATABASE_ERRORS)
    try:
        contact = SiteSettings.load(request_or_site=request)
    except Exception:  # the database may be the reason we are here: use the defaults
        logger.warning("Site settings unavailable while rendering the error page")
        contact = SiteSettings()
    body = render_in_language(request, "500.html", {"contact": contact, "outage": outage})
    if outage:
        logger.error("Database unavailable: answered 503")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "120"
        return response
    return HttpResponseServerError(body)


def bad_request(request, exception=None):
    """A request we cannot read, most often a form sent with too much in it (413): say what
    to do and give the phone number, without blaming the person."""
    too_big = isinstance(exception, RequestDataTooBig)
    try:
        contact = SiteSettings.load(request_or_site=request)
    except Exception:  # the page must render whatever else is wrong
        contact = SiteSettings()
    body = render_in_language(request, "400.html", {"contact": contact, "too_big": too_big})
    return HttpResponse(body, status=413 if too_big else 400)


def csrf_failure(request, reason=""):
    """The form could not be checked (usually cookies blocked or a page left open too long).

    Nothing was saved; tell the person how to send it again, or to phone us, without blaming
    them. The reason is Django's technical one and is not shown.
    """
    return render(request, "403_csrf.html", status=403)


def render_in_language(request, template_name, context):
    """The page in the language of the request's address. Django may call an error handler after
    the locale middleware has finished with the request (or before it ran), so the language is
    read from the path again rather than trusted to be active."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        # The request for the language switcher alone (it needs no database); no context
        # processors, which might.
        return render_to_string(template_name, {**context, "request": request})
