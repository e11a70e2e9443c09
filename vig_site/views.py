"""Error pages that must work even when the database does not."""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from home.models import SiteSettings

logger = logging.getLogger(__name__)


def server_error(request):
    """Render 500.html with the team's phone number from the site settings when they load."""
    try:
        contact = SiteSettings.load(request_or_site=request)
    except Exception:  # the database may be the reason we are here: use the defaults
        logger.warning("Site settings unavailable while rendering the error page")
        contact = SiteSettings()
    return HttpResponseServerError(render_to_string("500.html", {"contact": contact}))


def csrf_failure(request, reason=""):
    """The form could not be checked (usually cookies blocked or a page left open too long).

    Nothing was saved; tell the person how to send it again, or to phone us, without blaming
    them. The reason is Django's technical one and is not shown.
    """
    return render(request, "403_csrf.html", status=403)
