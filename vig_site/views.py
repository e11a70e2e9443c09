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

        team = SiteSettings.load(request_or_site=request)
        contact = {"team_name": team.team_name, "phone": team.phone}
    except Exception:  # the database may be the reason we are here
        logger.warning("Site settings unavailable while rendering the error page")
    digits = "".join(ch for ch in contact["phone"] if ch.isdigit()).removeprefix("0")
    contact["phone_href"] = f"tel:+44{digits}"
    return HttpResponseServerError(render_to_string("500.html", {"contact": contact}))
