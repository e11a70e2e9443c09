"""Search engines read the service from the home page: a schema.org GovernmentService block
(JSON-LD) built from the site settings."""

import json

import pytest

from .helpers import soup


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


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
    site_settings.save()
    return site_settings


def test_the_home_page_describes_the_service_from_the_site_settings(
    client, home_page, settings_for_search
):
    data = structured_data(client.get("/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "VIG Support"
    assert data["url"] == "http://localhost/"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["provider"]["name"] == "Anytown Council"
    team = data["provider"]["department"]
    assert team["name"] == "Children & Young People Team"
    assert team["telephone"] == "+441506282948"
    assert team["email"] == "vig@anytown.example"
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": "Anytown"}
    assert data["audience"]["audienceType"] == "Parents and carers of children aged 0 to 18"
    channel = data["availableChannel"]
    assert channel["serviceUrl"] == "http://localhost/"
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
