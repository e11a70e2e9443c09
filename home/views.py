"""Leave this site quickly (forget the answers in progress and go to a neutral site), and serve
the page tree."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.http.request import split_domain_port
from django.middleware.csrf import rotate_token
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from . import quick_exit, snapshot
from .models import SiteSettings

# What a browser's Sec-Fetch-Site says of a request made by this site's own pages, or by the
# visitor (an address typed in, a bookmark).
FROM_THIS_SITE = {"same-origin", "none"}

logger = logging.getLogger(__name__)


def forget_answers_in_progress(request):
    """Delete the session keys the apps registered with the quick exit (home.quick_exit)."""
    session = getattr(request, "session", None)
    if session is not None:
        quick_exit.forget_session(session)


def neutral_site():
    """The neutral site from the settings; the field's default if they cannot be read (the
    visitor must be able to leave even while the database is down)."""
    try:
        return SiteSettings.load().quick_exit_url
    except DatabaseError:
        logger.warning("Site settings unavailable: the quick exit used the default site")
        return SiteSettings._meta.get_field("quick_exit_url").get_default()


def asked_by_this_site(request):
    """True when the browser says this site itself made the request: its Sec-Fetch-Site
    (every current browser), else the Origin it sends with a POST, else the Referer of the
    exit link (browsers too old for Sec-Fetch-Site). With none of them, it is not."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in FROM_THIS_SITE
    source = request.headers.get("Origin") or request.headers.get("Referer")
    return source is not None and _origin(source) in _own_origins(request)


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _own_origins(request):
    """This site's origin, and any other the settings trust for forms, as Django's own CSRF
    check does (without its wildcards)."""
    trusted = (origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS if "*" not in origin)
    return {f"{request.scheme}://{request.get_host()}".lower(), *trusted}


def forget_this_visit(request, response):
    try:
        forget_answers_in_progress(request)
    except DatabaseError:
        # The sessions are in the database, which is down: nothing can be read or kept now.
        logger.warning("Sessions unavailable: the quick exit could not forget the answers")
    # And the cookies they registered (a referral just sent leaves its reference in a cookie
    # for its confirmation page: that would show anyone else at this browser that a referral
    # was made).
    quick_exit.forget_cookies_of(request, response)
    # The browser still holds what was typed: a new CSRF secret gives every form page a new
    # form key (home.cache.form_key), so a page Back fetches again is not the form the answers
    # were typed into and its fields stay empty; and the changed cookie makes Chromium drop the
    # pages it kept whole in its back/forward cache. A browser that never opened a form has
    # nothing to forget and gets no cookie.
    if settings.CSRF_COOKIE_NAME in request.COOKIES:
        rotate_token(request)


@csrf_exempt  # the exit must work from any page, cached or not: no token; see below instead
@require_http_methods(["GET", "HEAD", "POST"])
def leave_quickly(request):
    """GET (the exit link without JavaScript): forget this visit and redirect to the neutral
    site. POST (navigator.sendBeacon, before the script replaces the page): forget it and
    answer 204 with no body.

    Only a request from this site itself forgets anything, so that no other site can wipe a
    family's half-finished answers. Another site's POST is refused (403); its link still
    leads to the neutral site, forgetting nothing: whoever followed it still leaves, and is not
    left looking at an error page."""
    from_this_site = asked_by_this_site(request)
    if request.method == "POST":
        response = HttpResponse(status=204 if from_this_site else 403)
    else:
        response = HttpResponseRedirect(neutral_site())
    if from_this_site:
        forget_this_visit(request, response)
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
    key = ("route", domain.lower(), request.get_port(), path)  # per language (home.snapshot)
    found = snapshot.recall(request, key)
    if found is not snapshot.MISSING:
        request._wagtail_site, request._wagtail_route_for_request, match = found
        if match is not None:
            request.routable_resolver_match = match
        return wagtail_serve(request, path)
    route_untranslated(request, path)
    response = wagtail_serve(request, path)
    route = getattr(request, "_wagtail_route_for_request", None)
    if response.status_code == 200 and route is not None:
        page = route[0]
        if isinstance(page, snapshot.RemembersViewRestrictions):
            page.remember_view_restrictions()
        match = getattr(request, "routable_resolver_match", None)
        snapshot.store(request, key, (Site.find_for_request(request), route, match))
    return response


def route_untranslated(request, path):
    """Under another language's prefix (/pl/...), an address that language's tree does not have
    (a page made since the tree was last copied, an English address with the prefix put in
    front by the language switcher) is answered with the English page, which says it is not
    translated yet (templates/base.html): never a 404 for a page that exists in English."""
    if get_language() == settings.LANGUAGE_CODE:
        return
    if Page.route_for_request(request, path) is not None:
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    components = [component for component in path.split("/") if component]
    try:
        # Wagtail routes from the site's root in the visitor's language; this is English's.
        request._wagtail_route_for_request = site.root_page.specific.route(request, components)
    except Http404:
        pass
