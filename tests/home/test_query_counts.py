"""Public pages make a bounded number of queries, however much content the site holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import InformationPage


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def queries_for(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def add_pages(parent, count, prefix):
    for n in range(count):
        page = InformationPage(title=f"{prefix} {n}", slug=f"{prefix}-{n}", show_in_menus=True)
        parent.add_child(instance=page)
        page.save_revision().publish()


@pytest.mark.parametrize("path", ["/", "/privacy/"])
def test_query_count_does_not_grow_with_the_number_of_pages(client, home_page, path):
    queries_for(client, path)  # warm per-process caches (site root paths, content types)
    before = queries_for(client, path)
    add_pages(home_page, 15, "extra")
    after = queries_for(client, path)
    assert after == before
    # 21: the home page also reads the current wait (home.models.wait), once a render; 23 since
    # the site has languages: the page's versions for the language switcher, and Wagtail's own
    # look-up of the visitor's locale (routing, and a rich-text link to a page in that language).
    # From the page cache, as anonymous visitors are served, 0 (test_page_cache).
    assert before <= 23
