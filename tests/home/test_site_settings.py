"""The team's contact details come from site settings an editor can change."""

from .helpers import soup


def test_header_and_footer_show_the_team_and_phone(client, home_page, site_settings):
    html = soup(client.get("/"))
    header, footer = html.find("header"), html.find("footer")
    assert site_settings.team_name in header.get_text()
    assert header.find("a", href="tel:+441506282948").get_text() == "01506 282948"
    assert site_settings.team_name in footer.get_text()
    assert "01506 282948" in footer.get_text()


def test_footer_links_to_privacy_accessibility_and_aviguk(client, home_page):
    footer = soup(client.get("/")).find("footer")
    hrefs = [a["href"] for a in footer.find_all("a")]
    assert "/privacy/" in hrefs
    assert "/accessibility/" in hrefs
    assert "https://www.videointeractionguidance.net/" in hrefs


def test_changing_a_setting_changes_every_page(client, home_page, site_settings):
    site_settings.phone = "01506 999999"
    site_settings.email = "vig@example.org"
    site_settings.team_name = "Family Support Team"
    site_settings.save()

    html = soup(client.get("/privacy/"))
    assert "01506 999999" in html.find("header").get_text()
    footer = html.find("footer").get_text()
    assert "Family Support Team" in footer
    assert "vig@example.org" in footer
    # The contact details block on the page itself reads the same settings.
    block = html.find("main").find(class_="contact-details")
    assert "01506 999999" in block.get_text()
    assert block.find("a", href="mailto:vig@example.org")


def test_no_email_is_shown_until_one_is_set(client, home_page, site_settings):
    site_settings.email = ""
    site_settings.save()
    assert "mailto:" not in client.get("/").content.decode()


def test_admin_dashboard_welcomes_the_team_by_name(admin_client, site_settings):
    site_settings.team_name = "Family Support Team"
    site_settings.save()
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Welcome, Family Support Team" in response.content.decode()


def test_the_service_name_comes_from_the_settings(client, home_page, site_settings):
    site_settings.service_name = "Family Film Support"
    site_settings.save()
    html = soup(client.get("/"))
    assert "Family Film Support" in html.find("title").get_text()
    assert "Family Film Support" in html.find("header").get_text()
    assert "VIG Support" not in html.find("header").get_text()
    not_found = soup(client.get("/no-such-page/"))
    assert "Family Film Support" in not_found.get_text()


def test_the_quick_exit_goes_where_the_settings_say(client, home_page, site_settings):
    site_settings.quick_exit_url = "https://www.example.org/weather"
    site_settings.save()
    link = soup(client.get("/refer/")).find("a", attrs={"data-exit-this-page-link": True})
    # Through /leave/, which forgets the answers in progress; the script goes straight there.
    assert link["data-exit-url"] == "https://www.example.org/weather"
    assert client.get(link["href"])["Location"] == "https://www.example.org/weather"


def test_the_contact_details_give_email_postal_address_and_relay_uk(
    client, home_page, site_settings
):
    html = soup(client.get("/privacy/"))
    for where in (html.find("main").find(class_="contact-details"), html.find("footer")):
        assert where.find("a", href=f"mailto:{site_settings.email}"), where.name
        address = where.find("address")
        assert address is not None
        assert all(line in address.get_text("\n") for line in site_settings.address.splitlines())
        relay = where.find("a", href="tel:1800101506282948")
        assert relay is not None
        assert relay.get_text() == "18001 01506 282948"


def test_the_relay_uk_line_follows_the_phone_number_and_can_be_turned_off(
    client, home_page, site_settings
):
    site_settings.phone = "0800 123 4567"
    site_settings.save()
    footer = soup(client.get("/")).find("footer")
    assert footer.find("a", href="tel:1800108001234567").get_text() == "18001 0800 123 4567"
    site_settings.relay_uk = False
    site_settings.save()
    assert "18001" not in soup(client.get("/")).find("footer").get_text()


def test_the_footer_and_contact_block_name_the_council_with_its_logo(
    client, home_page, site_settings
):
    assert site_settings.council_name
    html = soup(client.get("/privacy/"))
    footer = html.find("footer")
    council = footer.find(class_="site-footer__council")
    assert council.get_text(strip=True) == site_settings.council_name
    logo = council.find("img")
    assert logo["alt"] == ""  # the name beside it says whose logo it is
    assert logo["src"].startswith("/media/images/")
    block = html.find("main").find(class_="contact-details")
    assert site_settings.council_name in block.get_text()


def test_no_council_name_or_logo_shows_nothing_in_their_place(client, home_page, site_settings):
    site_settings.council_name = ""
    site_settings.council_logo = None
    site_settings.save()
    footer = soup(client.get("/")).find("footer")
    assert footer.find(class_="site-footer__council") is None
    assert footer.find("img") is None
