"""Leave this site quickly (forget the answers in progress and go to a neutral site), and serve
the page tree."""

import logging

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect
from django.http.request import split_domain_port
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from . import snapshot
from .models import SiteSettings

# The intake forms keep answers in progress in the session under keys with this prefix (the
# contract with the question pages); leaving wipes every one of them and nothing else, so a
# member of staff signed in on the same browser stays signed in.
INTAKE_SESSION_PREFIX = "intake:"
# And a referral just sent keeps its reference for the confirmation page in a cookie named so
# (referrals.views.CONFIRMATION_COOKIE): leaving deletes those too.
CONFIRMATION_COOKIE_PREFIX = "vig-confirmation-"

logger = logging.getLogger(__name__)


def forget_answers_in_progress(request):
    session = getattr(request, "session", None)
    if session is None:
        return
    for key in [key for key in session.keys() if key.startswith(INTAKE_SESSION_PREFIX)]:
        del session[key]


def neutral_site():
    """The neutral site from the settings; the field's default if they cannot be read (the
    visitor must be able to leave even while the database is down)."""
    try:
        return SiteSettings.load().quick_exit_url
    except DatabaseError:
        logger.warning("Site settings unavailable: the quick exit used the default site")
        return SiteSettings._meta.get_field("quick_exit_url").get_default()


@csrf_exempt  # it can only delete this visitor's own answers in progress: nothing to forge
@require_http_methods(["GET", "HEAD", "POST"])
def leave_quickly(request):
    """GET (the exit link without JavaScript): wipe the answers and redirect to the neutral
    site. POST (navigator.sendBeacon, before the script replaces the page): wipe them and
    answer 204 with no body."""
    try:
        forget_answers_in_progress(request)
    except DatabaseError:
        # The sessions are in the database, which is down: nothing can be read or kept now.
        logger.warning("Sessions unavailable: the quick exit could not forget the answers")
    if request.method == "POST":
        response = HttpResponse(status=204)
    else:
        response = HttpResponseRedirect(neutral_site())
    # A referral just sent leaves its reference in a cookie for its confirmation page: that
    # would show anyone else at this browser that a referral was made.
    for name in request.COOKIES:
        if name.startswith(CONFIRMATION_COOKIE_PREFIX):
            response.delete_cookie(name, path="/", samesite="Lax")
    # The neutral site must not learn where the visitor came from, and no browser or proxy
    # may keep the redirect.
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


# Serving pages ---------------------------------------------------------------------------------


def serve(request, path):
    """Wagtail's page serving, with the route from an address to its page remembered per
    content version (home.snapshot): an anonymous visitor's form page, question page or
    confirmation is found without the half a dozen queries routing takes (the site, each page
    on the way down, the page's view restrictions). A route is remembered only once its page
    has answered 200, so addresses nobody links to (a made-up question page) are not kept."""
    domain, _ = split_domain_port(request._get_raw_host())
    key = ("route", domain.lower(), request.get_port(), path)
    found = snapshot.recall(request, key)
    if found is not snapshot.MISSING:
        request._wagtail_site, request._wagtail_route_for_request, match = found
        if match is not None:
            request.routable_resolver_match = match
        return wagtail_serve(request, path)
    response = wagtail_serve(request, path)
    route = getattr(request, "_wagtail_route_for_request", None)
    if response.status_code == 200 and route is not None:
        page = route[0]
        if isinstance(page, snapshot.RemembersViewRestrictions):
            page.remember_view_restrictions()
        match = getattr(request, "routable_resolver_match", None)
        snapshot.store(request, key, (Site.find_for_request(request), route, match))
    return response
