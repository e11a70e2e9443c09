"""robots.txt and sitemap.xml in every language: a Polish or Arabic question page and quick exit
are kept out as the English ones are; a translated page is listed with its other languages as
hreflang alternates; a page not yet translated (the English words under /pl/) is not listed
twice."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from home.languages import ensure_locales
from home.models import InformationPage
from referrals.models import ReferralFormPage

from .helpers import served

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _languages(db, settings, home_page):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    ensure_locales()


def sitemap(client):
    response = served(client, "/sitemap.xml", "application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }


def test_question_pages_and_the_quick_exit_are_kept_out_in_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for prefix in ("", "/pl", "/ar"):
        assert f"Disallow: {prefix}/leave/" in lines
        for form in ReferralFormPage.objects.filter(locale__language_code="en-gb").live():
            assert f"Disallow: {prefix}{form.url}" in lines


def test_a_page_not_yet_translated_is_listed_once_in_english(client):
    locations = sitemap(client)
    assert not [location for location in locations if "/pl/" in location or "/ar/" in location]


def test_a_translated_page_is_listed_with_its_languages(client):
    page = InformationPage.objects.filter(locale__language_code="en-gb").live().first()
    polish = Locale.objects.get(language_code="pl")
    translate_object(page, [polish])
    translation = page.get_translation(polish)
    translation.title = "Czym jest VIG"
    translation.save_revision().publish()
    translation.refresh_from_db()
    assert translation.alias_of_id is None and translation.live

    locations = sitemap(client)
    english = next(location for location in locations if location.endswith(page.url))
    polish_location = next(location for location in locations if "/pl/" in location)
    assert polish_location.endswith(translation.url)
    for location in (english, polish_location):
        assert locations[location] == {"en-GB": english, "pl": polish_location}
