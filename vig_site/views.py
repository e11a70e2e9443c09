"""Error pages that must work even when the database does not."""

import logging

from django.http import HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

FALLBACK_CONTACT = {"team_name": "Children & Young People Team", "phone": "01506 282948"}


def server_error(request):
    """Render 500.html with the team's phone number from the site settings when they load."""
    contact = dict(FALLBACK_CONTACT)
    try:
        from home.models import SiteSettings

        team = SiteSettings.for_request(request)
        contact = {"team_name": team.team_name, "phone": team.phone}
    except Exception:  # the database may be the reason we are here
        logger.warning("Site settings unavailable while rendering the error page")
    digits = "".join(ch for ch in contact["phone"] if ch.isdigit()).removeprefix("0")
    contact["phone_href"] = f"tel:+44{digits}"
    return HttpResponseServerError(render_to_string("500.html", {"contact": contact}))


def csrf_failure(request, reason=""):
    """The form could not be checked (usually cookies blocked or a page left open too long).

    Nothing was saved; tell the person how to send it again, or to phone us, without blaming
    them. The reason is Django's technical one and is not shown.
    """
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)
