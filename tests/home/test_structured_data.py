"""Search engines read the service from the home page: a schema.org GovernmentService block
(JSON-LD) built from the site settings."""

import json

import pytest

from .helpers import PUBLIC, cached_at_the_public_address, soup


@pytest.fixture(autouse=True)
def _cache_on(settings):
    cached_at_the_public_address(settings)


def structured_data(response):
    blocks = soup(response).find_all("script", type="application/ld+json")
    assert len(blocks) == 1, "the page carries one JSON-LD block"
    return json.loads(blocks[0].string)


@pytest.fixture
def settings_for_search(site_settings):
    site_settings.service_name = "VIG Support"
    site_settings.council_name = "Anytown Council"
    site_settings.team_name = "Children & Young People Team"
    site_settings.area_served = "Anytown"
    site_settings.phone = "01506 282948"
    site_settings.email = "vig@anytown.example"
    site_settings.address = (
        "Children & Young People Team\nCivic Centre\nHigh Street\nAnytown\nat1 1aa"
    )
    site_settings.save()
    return site_settings


def test_the_home_page_describes_the_service_from_the_site_settings(
    client, home_page, settings_for_search
):
    data = structured_data(client.get("/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "VIG Support"
    assert data["url"] == f"{PUBLIC}/"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["provider"]["name"] == "Anytown Council"
    team = data["provider"]["department"]
    assert team["name"] == "Children & Young People Team"
    assert team["telephone"] == "+441506282948"
    assert team["email"] == "vig@anytown.example"
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": "Anytown"}
    assert team["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Children & Young People Team, Civic Centre, High Street",
        "addressLocality": "Anytown",
        "postalCode": "AT1 1AA",
        "addressCountry": "GB",
    }
    assert data["audience"] == {"@type": "PeopleAudience", "audienceType": home_page.glance_who}
    channel = data["availableChannel"]
    assert channel["serviceUrl"] == f"{PUBLIC}/"
    assert channel["availableLanguage"] == [
        {"@type": "Language", "name": "English", "alternateName": "en"},
        {"@type": "Language", "name": "Polish", "alternateName": "pl"},
        {"@type": "Language", "name": "Arabic", "alternateName": "ar"},
    ]
    assert channel["servicePhone"]["telephone"] == "+441506282948"
    assert channel["servicePhone"]["email"] == "vig@anytown.example"


def test_a_change_to_the_settings_is_in_the_structured_data_at_once(
    client, home_page, settings_for_search
):
    client.get("/")
    settings_for_search.area_served = "Anytown and Elsewhere"
    settings_for_search.phone = "01506 000111"
    settings_for_search.save()
    data = structured_data(client.get("/"))
    assert data["areaServed"]["name"] == "Anytown and Elsewhere"
    assert data["provider"]["department"]["telephone"] == "+441506000111"


def test_without_a_council_name_the_team_is_the_provider_and_no_area_is_claimed(
    client, home_page, settings_for_search
):
    settings_for_search.council_name = ""
    settings_for_search.area_served = ""
    settings_for_search.save()
    data = structured_data(client.get("/"))
    assert data["provider"]["name"] == "Children & Young People Team"
    assert "areaServed" not in data


def test_an_address_without_a_postcode_is_all_street_address(
    client, home_page, settings_for_search
):
    settings_for_search.address = "Civic Centre,\n  \nHigh Street"
    settings_for_search.save()
    address = structured_data(client.get("/"))["provider"]["department"]["address"]
    assert address == {
        "@type": "PostalAddress",
        "streetAddress": "Civic Centre, High Street",
        "addressCountry": "GB",
    }


def test_without_an_address_none_is_claimed(client, home_page, settings_for_search):
    settings_for_search.address = ""
    settings_for_search.council_name = ""
    settings_for_search.save()
    assert "address" not in structured_data(client.get("/"))["provider"]


def test_the_audience_is_the_home_pages_who_it_is_for(client, home_page, settings_for_search):
    client.get("/")
    home_page.glance_who = "Any parent or carer of a child from birth to 18, in Anytown"
    home_page.save_revision().publish()
    data = structured_data(client.get("/"))
    assert data["audience"]["audienceType"] == home_page.glance_who


def test_the_languages_are_those_the_directory_feed_gives(
    client, home_page, settings_for_search, settings
):
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en-gb", "English"),
        ("cy", "Welsh"),
    ]
    data = structured_data(client.get("/"))
    languages = data["availableChannel"]["availableLanguage"]
    assert [(language["alternateName"], language["name"]) for language in languages] == [
        ("en", "English"),
        ("cy", "Welsh"),
    ]
    [service] = client.get("/openreferral/services").json()["contents"]
    feed = client.get(f"/openreferral/services/{service['id']}").json()["languages"]
    assert [language["code"] for language in feed] == ["en", "cy"]


def test_nothing_in_the_settings_can_end_the_block_or_start_markup(
    client, home_page, settings_for_search
):
    settings_for_search.council_name = "</script><script>alert(1)</script> & Co"
    settings_for_search.save()
    html = client.get("/").content.decode()
    assert "</script><script>alert(1)" not in html
    assert structured_data(html)["provider"]["name"] == settings_for_search.council_name


def test_only_the_home_page_carries_the_block(client, home_page):
    assert not soup(client.get("/privacy/")).find_all("script", type="application/ld+json")
