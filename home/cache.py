"""Whole-page caching of public content pages for anonymous visitors.

Every key carries a site-wide content version. Publishing, unpublishing, moving or deleting a
page, or saving the site settings, bumps the version, so no visitor ever sees a stale menu,
footer or phone number. The cache is Django's (Redis in production), shared by all processes.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "public-pages:version"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def is_cacheable(request):
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.GET
        and not request.user.is_authenticated
        and not getattr(request, "is_preview", False)
    )


def _is_personal(request, response):
    """True when the page used a CSRF token, wrote the session or set a cookie: never share it.

    (Reading the session is fine: every request does, to learn that the visitor is anonymous.)
    """
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
    )


def serve_cached(page, request, serve):
    """Return page.serve(request) from the cache when it is safe to."""
    if not is_cacheable(request):
        return serve(request)
    key = f"public-page:{content_version()}:{page.pk}:{request.get_host()}"
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
    response = serve(request)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if (
        response.status_code == 200
        and not response.streaming
        and not _is_personal(request, response)
    ):
        cache.set(
            key,
            (response.content, response["Content-Type"]),
            timeout=settings.PUBLIC_PAGE_CACHE_SECONDS,
        )
        response["X-Page-Cache"] = "miss"
    return response
