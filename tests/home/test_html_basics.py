"""What every public page needs for screen readers and keyboards."""

import pytest

from .helpers import soup

PUBLIC_PATHS = ["/", "/what-happens-in-a-vig-cycle/", "/privacy/", "/accessibility/"]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_page_has_language_one_h1_skip_link_and_alt_text(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "en-GB"
    assert len(html.find_all("h1")) == 1
    first_link = html.body.find("a")
    assert first_link["href"] == "#main-content"
    assert "Skip to main content" in first_link.get_text()
    assert html.find("main", id="main-content")
    assert html.find("header") and html.find("footer") and html.find("nav")
    assert all(img.has_attr("alt") for img in html.find_all("img"))


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_page_has_no_inline_scripts_or_styles(client, home_page, path):
    html = soup(client.get(path))
    assert not [
        s
        for s in html.find_all("script")
        if not s.get("src") and s.get("type") not in ("application/json", "application/ld+json")
    ]
    assert not html.find_all(style=True)
    assert not html.find_all("style")
