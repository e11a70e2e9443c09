"""'Leave this site quickly' is on every public page, first in <main>, the same for everyone."""

import pytest
from wagtail.models import Page

from .helpers import soup


def public_paths():
    return [page.url for page in Page.objects.live().public().filter(depth__gt=1)]


@pytest.fixture
def paths(home_page):
    paths = public_paths()
    assert len(paths) >= 5
    return paths


def test_every_public_page_starts_its_main_content_with_the_quick_exit(client, paths):
    for path in paths:
        main = soup(client.get(path)).find("main")
        first_link = main.find("a")
        assert first_link is not None, path
        assert first_link.has_attr("data-exit-this-page-link"), path
        assert first_link["href"] == "/leave/", path
        assert "Leave this site quickly" in first_link.get_text(), path
        assert len(soup(client.get(path)).select("[data-exit-this-page-link]")) == 1, path


def test_every_public_page_loads_the_exit_script(client, paths):
    for path in paths:
        scripts = [s.get("src", "") for s in soup(client.get(path)).find_all("script")]
        assert any(src.endswith("/js/exit_this_page.js") for src in scripts), path


def test_the_quick_exit_does_not_stop_a_content_page_being_shared_from_the_cache(client, home_page):
    first = client.get("/")
    second = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert not first.cookies


def test_the_quick_exit_links_to_advice_on_covering_your_tracks(client, paths, site_settings):
    page = site_settings.cover_tracks_page
    assert page is not None, "the demo sets the 'cover your tracks' page"
    for path in paths:
        exit_help = soup(client.get(path)).find(class_="exit-this-page__help")
        assert exit_help.find("a", href=page.url), path
