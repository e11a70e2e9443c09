"""What the directory feed, the sitemap and robots.txt are built from, kept in the shared cache
(Redis in production) for the current content version (home.cache).

Publishing, unpublishing, moving or deleting a page, a view restriction, or saving the site
settings is a new content version, so a change shows at once; while the version stands every
process reads what was built once, with one round trip to the cache and no database query.
With the cache off (PUBLIC_PAGE_CACHE_SECONDS = 0) or unreachable, everything is built afresh
for each request.
"""

from django.conf import settings

from ..cache import read_current, store_current

# Said on every response built here: "hit" when it came from the shared cache, as the page
# cache says it of pages (benchmarks count them).
CACHE_HEADER = "X-Page-Cache"


def remembered(request, name, build):
    """(What `build()` gives, whether it came from the cache), kept under `name` for this
    host, the site's public address (the addresses and ids are built from it) and the current
    content version."""
    key = f"directory:v1:{request.get_host()}:{settings.WAGTAILADMIN_BASE_URL}:{name}"
    version, value = read_current(key)
    if value is not None:
        return value, True
    value = build()
    store_current(key, version, value)
    return value, False


def mark(response, from_cache):
    response[CACHE_HEADER] = "hit" if from_cache else "miss"
    return response
