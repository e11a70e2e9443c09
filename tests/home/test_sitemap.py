"""sitemap.xml lists every public page at the site's public address, never a question page, a
confirmation or anything private, and is served from the cache without going stale."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import HomePage, InformationPage
from referrals.models import EnquiryFormPage, ReferralFormPage

from .helpers import served

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def listed(client):
    """{location: lastmod} of the sitemap's URLs."""
    response = served(client, "/sitemap.xml", "application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def full(page):
    return "http://testserver" + page.url


def test_every_live_public_page_is_listed_with_its_last_publish_date(client, home_page):
    urls = listed(client)
    content_pages = [home_page, *InformationPage.objects.live()]
    assert len(content_pages) > 2
    for page in content_pages:
        assert urls[full(page)] == timezone.localdate(page.last_published_at).isoformat()


def test_the_addresses_are_the_sites_public_address(client, home_page, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://vig.anytown.example"
    assert "https://vig.anytown.example/" in listed(client)


def test_question_pages_and_confirmations_are_never_listed(client, home_page):
    referrals = list(ReferralFormPage.objects.live())
    enquiries = list(EnquiryFormPage.objects.live())
    assert referrals and enquiries
    urls = listed(client)
    for form in referrals:  # its start page alone: no form, its steps and the wait
        assert [url for url in urls if url.startswith(full(form))] == [full(form)]
    for form in enquiries:  # the form itself is its first page
        assert not [url for url in urls if url.startswith(full(form))]
    assert not [url for url in urls if "confirmation" in url or "check-your-answers" in url]


def test_a_referral_start_page_is_listed_with_its_last_publish_date(client, home_page):
    form = ReferralFormPage.objects.live().first()
    assert listed(client)[full(form)] == timezone.localdate(form.last_published_at).isoformat()


def test_private_and_unpublished_pages_are_never_listed(client, home_page):
    private = InformationPage.objects.get(slug="privacy")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="team-only"
    )
    draft = InformationPage(title="Not ready", slug="not-ready", live=False)
    home_page.add_child(instance=draft)
    urls = listed(client)
    assert full(private) not in urls
    assert "http://testserver/not-ready/" not in urls
    assert full(home_page) in urls


def test_a_published_page_is_listed_at_once(client, home_page):
    listed(client)
    page = InformationPage(title="Sessions in school", slug="sessions-in-school")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert "http://testserver/sessions-in-school/" in listed(client)


def test_from_the_cache_the_sitemap_costs_no_database_query(client, home_page):
    first = client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/sitemap.xml")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert len(queries) == 0, [query["sql"] for query in queries]


def test_the_sitemap_carries_the_sites_security_headers_and_no_cookie(client, home_page):
    response = client.get("/sitemap.xml")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Robots-Tag"].startswith("noindex")
    assert not response.cookies


def test_every_page_type_that_asks_questions_is_kept_out(home_page):
    from home.directory.indexing import kept_out_page_models

    kept_out = set(kept_out_page_models())
    assert {ReferralFormPage, EnquiryFormPage} <= kept_out
    assert not {HomePage, InformationPage} & kept_out, "a content page is kept out"
