"""Cached public pages are within a small factor of a constant Django view (same run, ratio)."""

import pytest

from .timing import median_seconds, report

# A cached page still goes through every middleware (sessions, CSRF, CSP, security headers),
# which the constant view also does; the ratio covers the page lookup and the cache read.
MAX_RATIO = 4.0


@pytest.mark.parametrize("path", ["/", "/what-happens-in-a-vig-cycle/", "/privacy/"])
def test_cached_public_page_is_close_to_a_constant_view(client, settings, home_page, path):
    settings.ROOT_URLCONF = "benchmarks.urls"
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    assert client.get("/__constant__/").status_code == 200
    assert client.get(path).status_code == 200

    constant = median_seconds(lambda: client.get("/__constant__/"))
    page = median_seconds(lambda: client.get(path))
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    uncached = median_seconds(lambda: client.get(path), repeat=50)

    ratio = page / constant
    report(path, constant=constant, cached=page, uncached=uncached, ratio=f"{ratio:.2f}")
    assert ratio < MAX_RATIO
