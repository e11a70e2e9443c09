"""The home tests read pages with the shared HTML helpers (tests/html.py); kept here so their
imports stay short. Also what several home tests share: the site's public address, and fetching
a machine-read file (robots.txt, sitemap.xml)."""

from tests.html import soup, text_of, visible_text

__all__ = ["PUBLIC", "cached_at_the_public_address", "served", "soup", "text_of", "visible_text"]

# The site's public address (SITE_BASE_URL), unlike the Wagtail Site record's host (localhost:80)
# and the test client's (testserver).
PUBLIC = "https://vig.anytown.example"


def cached_at_the_public_address(settings):
    """Public pages cached for anonymous visitors, the site's address being PUBLIC."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.WAGTAILADMIN_BASE_URL = PUBLIC


def served(client, path, content_type):
    """The response to GET `path`, checked to be found and of `content_type`."""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    return response
