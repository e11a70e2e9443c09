"""Every public page names its canonical address, and has a meta description editors set (the
search description on the Promote tab), else its introduction."""

import pytest
from django.test import Client

from home.models import InformationPage
from referrals.demo import pages as demo_pages
from tests.intake_journey import first_question_url

from .helpers import PUBLIC, cached_at_the_public_address, soup


@pytest.fixture(autouse=True)
def _cache_on(settings):
    # A canonical built from the Wagtail Site record's host or the test client's fails here.
    cached_at_the_public_address(settings)


def canonical(response):
    links = soup(response).find_all("link", rel="canonical")
    assert len(links) == 1
    return links[0]["href"]


def description(response):
    found = soup(response).find("meta", attrs={"name": "description"})
    return found["content"] if found else None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", f"{PUBLIC}/"),
        ("/privacy/", f"{PUBLIC}/privacy/"),
        ("/what-happens-in-a-vig-cycle/", f"{PUBLIC}/what-happens-in-a-vig-cycle/"),
        ("/accessibility/", f"{PUBLIC}/accessibility/"),
    ],
)
def test_every_content_page_names_its_public_address_as_canonical(
    client, home_page, path, expected
):
    assert canonical(client.get(path)) == expected
    assert canonical(client.get(path)) == expected  # and from the cache


def test_the_canonical_address_is_the_one_the_sitemap_lists(client, home_page):
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in ("/", "/privacy/"):
        assert f"<loc>{canonical(client.get(path))}</loc>" in sitemap


def test_a_query_string_does_not_change_the_canonical_address(client, home_page):
    assert canonical(client.get("/privacy/?utm_source=leaflet")) == f"{PUBLIC}/privacy/"


def test_form_pages_name_their_start_page_as_canonical(home_page):
    pages = demo_pages.setup_form_pages(home_page)
    refer = pages["refer"]
    question = first_question_url(Client(), refer.url)
    assert canonical(Client().get(refer.url)) == f"{PUBLIC}{refer.url}"
    assert canonical(Client().get(question)) == f"{PUBLIC}{refer.url}"


def test_the_search_description_is_the_meta_description(client, home_page):
    page = InformationPage.objects.get(slug="privacy")
    page.search_description = "How the VIG team uses what you tell us, and your rights."
    page.save_revision().publish()
    assert description(client.get("/privacy/")) == page.search_description


def test_without_a_search_description_the_introduction_is_used(client, home_page):
    page = InformationPage.objects.get(slug="privacy")
    page.search_description = ""
    page.introduction = "What we keep about you, why, and for how long."
    page.save_revision().publish()
    assert description(client.get("/privacy/")) == page.introduction


def test_the_search_description_is_on_the_promote_tab(editor_client, home_page):
    from django.urls import reverse

    page = InformationPage.objects.get(slug="privacy")
    html = soup(editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    promote = html.find(id="tab-promote")
    assert promote is not None
    assert promote.find(attrs={"name": "search_description"}) is not None
