"""contactSCOTLAND-BSL, the national British Sign Language video relay service, is shown beside
Relay UK wherever the phone contact is, when the team turns it on in the settings."""

from tests.home.helpers import soup

BSL_SERVICE = "https://contactscotland-bsl.org/"


def bsl_links(client):
    response = client.get("/")
    assert response.status_code == 200
    return soup(response.content.decode()).select(f'a[href="{BSL_SERVICE}"]')


def test_contact_scotland_bsl_is_not_shown_until_the_team_turns_it_on(client, site_settings):
    assert site_settings.contact_scotland_bsl is False  # a new site's default
    assert bsl_links(client) == []


def test_contact_scotland_bsl_is_shown_beside_relay_uk_when_turned_on(client, site_settings):
    site_settings.contact_scotland_bsl = True
    site_settings.save()

    links = bsl_links(client)

    assert links
    details = links[0].find_parent("dd")
    term = details.find_previous_sibling("dt")
    assert "British Sign Language" in term.get_text()
    relay_uk = term.find_previous_sibling("dd")
    assert relay_uk.find("a")["href"] == site_settings.relay_uk_href  # just after Relay UK
    explanation = details.get_text(" ", strip=True)
    assert "contactSCOTLAND-BSL" in explanation
    assert "free" in explanation


def test_contact_scotland_bsl_is_shown_without_relay_uk_too(client, site_settings):
    site_settings.contact_scotland_bsl = True
    site_settings.relay_uk = False
    site_settings.save()

    assert bsl_links(client)
