"""An editor writes, previews and publishes a page through the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import InformationPage

from .helpers import soup


@pytest.fixture
def editor_client(client, home_page):
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def page_form(title, slug, text):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "introduction": "Plain words at the top.",
            "body": streamfield(
                [
                    ("heading", {"text": "A heading", "level": "h2"}),
                    ("rich_text", rich_text(f"<p>{text}</p>")),
                ]
            ),
            "seo_title": "",
            "search_description": "",
        }
    )


def test_editor_previews_then_publishes_a_new_information_page(editor_client, home_page):
    args = ("home", "informationpage", home_page.id)
    assert editor_client.get(reverse("wagtailadmin_pages:add", args=args)).status_code == 200

    data = page_form("Meeting your VIG Guider", "meeting-your-guider", "Your Guider will phone.")
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=args)
    response = editor_client.post(preview_url, data)
    assert response.json()["is_valid"] is True
    preview = editor_client.get(preview_url)
    assert preview.status_code == 200
    assert "Your Guider will phone." in preview.content.decode()
    assert not InformationPage.objects.filter(slug="meeting-your-guider").exists()

    response = editor_client.post(
        reverse("wagtailadmin_pages:add", args=args), {**data, "action-publish": "publish"}
    )
    assert response.status_code == 302
    page = InformationPage.objects.get(slug="meeting-your-guider")
    assert page.live

    public = editor_client.get("/meeting-your-guider/")
    assert public.status_code == 200
    assert soup(public).h1.get_text(strip=True) == "Meeting your VIG Guider"
    assert "Your Guider will phone." in public.content.decode()


def test_editor_draft_is_not_public_until_published(editor_client, client, home_page):
    args = ("home", "informationpage", home_page.id)
    data = page_form("Draft page", "draft-page", "Not ready yet.")
    response = editor_client.post(reverse("wagtailadmin_pages:add", args=args), data)
    assert response.status_code == 302
    page = InformationPage.objects.get(slug="draft-page")
    assert not page.live
    editor_client.logout()
    assert client.get("/draft-page/").status_code == 404


def test_editor_edits_the_team_settings(editor_client, site, site_settings):
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    form = {
        "service_name": site_settings.service_name,
        "quick_exit_url": site_settings.quick_exit_url,
        "team_name": "Children & Young People Team",
        "phone": "01506 111222",
        "email": "team@example.org",
        "opening_hours": "Weekdays 9 to 5",
        "address": "Civic Centre",
        "national_body_name": site_settings.national_body_name,
        "national_body_url": site_settings.national_body_url,
        "response_working_days": "5",
        "privacy_page": str(site_settings.privacy_page_id),
        "accessibility_page": str(site_settings.accessibility_page_id),
        **what_happens_next_form(site_settings),
    }
    response = editor_client.post(url, form)
    assert response.status_code == 302
    assert "01506 111222" in editor_client.get("/").content.decode()


def test_editor_cannot_manage_staff_accounts(editor_client):
    assert editor_client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)


def test_editor_schedules_a_page_and_it_goes_live_on_time(editor_client, client, home_page):
    import datetime
    from unittest import mock

    from django.core.management import call_command
    from django.utils import timezone

    args = ("home", "informationpage", home_page.id)
    go_live = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        **page_form("Summer sessions", "summer-sessions", "Sessions in the holidays."),
        "go_live_at": go_live.strftime("%Y-%m-%d %H:%M"),
        "action-publish": "publish",
    }
    response = editor_client.post(reverse("wagtailadmin_pages:add", args=args), data)
    assert response.status_code == 302
    page = InformationPage.objects.get(slug="summer-sessions")
    assert not page.live
    editor_client.logout()
    assert client.get("/summer-sessions/").status_code == 404

    # The day arrives: the scheduled command publishes it.
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live
    assert client.get("/summer-sessions/").status_code == 200


def test_an_editor_sets_the_council_name_in_the_team_settings(editor_client, site, site_settings):
    assert site_settings.council_name  # the demo's fictional council
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    field = soup(editor_client.get(url)).find(attrs={"name": "council_name"})
    assert field is not None
    assert field.get("maxlength") == "120"
    assert field.get("value") == site_settings.council_name
    assert "required" not in field.attrs  # may be left empty


def home_form(home_page, **changes):
    fields = {
        "title": home_page.title,
        "slug": home_page.slug,
        "introduction": home_page.introduction,
        "glance_heading": home_page.glance_heading,
        "glance_who": home_page.glance_who,
        "glance_cost": home_page.glance_cost,
        "glance_where": home_page.glance_where,
        "glance_cycles": home_page.glance_cycles,
        "glance_how": home_page.glance_how,
        "start_page": str(home_page.start_page_id),
        "start_label": home_page.start_label,
        "body": streamfield([("heading", {"text": "A heading", "level": "h2"})]),
        "seo_title": "",
        "search_description": "",
    }
    return nested_form_data({**fields, **changes})


def test_editor_rewording_a_fact_at_a_glance_publishes_it(editor_client, client, home_page):
    url = reverse("wagtailadmin_pages:edit", args=[home_page.id])
    data = home_form(home_page, glance_where="Most often at school or at home")
    response = editor_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    home_page.refresh_from_db()
    assert home_page.glance_where == "Most often at school or at home"


def test_editor_dropping_a_fact_at_a_glance_is_told_what_it_must_say(editor_client, home_page):
    url = reverse("wagtailadmin_pages:edit", args=[home_page.id])
    response = editor_client.post(url, home_form(home_page, glance_cost="Ask us about cost"))
    assert response.status_code == 200
    assert "This line must still say that VIG is free" in response.content.decode()
    home_page.refresh_from_db()
    assert home_page.glance_cost != "Ask us about cost"


def settings_form(site_settings, **changes):
    fields = {
        "service_name": site_settings.service_name,
        "quick_exit_url": site_settings.quick_exit_url,
        "team_name": site_settings.team_name,
        "phone": site_settings.phone,
        "email": site_settings.email,
        "opening_hours": site_settings.opening_hours,
        "address": site_settings.address,
        "national_body_name": site_settings.national_body_name,
        "national_body_url": site_settings.national_body_url,
        "response_working_days": str(site_settings.response_working_days),
        "privacy_page": str(site_settings.privacy_page_id),
        "accessibility_page": str(site_settings.accessibility_page_id),
        "relay_uk": "on" if site_settings.relay_uk else "",
        "show_current_wait": "on" if site_settings.show_current_wait else "",
        **what_happens_next_form(site_settings),
    }
    return {**fields, **changes}


def what_happens_next_form(site_settings):
    """The "What happens next" steps as the settings form posts them, unchanged."""
    steps = [(step.block_type, dict(step.value)) for step in site_settings.what_happens_next]
    return nested_form_data({"what_happens_next": streamfield(steps)})


@pytest.mark.parametrize("typed", ["ring us anytime", "123", "+1 212 555 0123", "0150628294"])
def test_a_team_phone_that_is_not_a_uk_number_is_refused_next_to_the_field(
    editor_client, client, site, site_settings, typed
):
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    response = editor_client.post(url, settings_form(site_settings, phone=typed))
    assert response.status_code == 200
    field = soup(response).find("input", attrs={"name": "phone"})
    assert field["value"] == typed  # what the editor typed is kept
    wrapper = field.find_parent(attrs={"data-field-wrapper": True}) or field.parent.parent
    assert "Enter a UK phone number" in wrapper.get_text()
    site_settings.refresh_from_db()
    assert site_settings.phone == "01506 282948"
    assert 'href="tel:+44"' not in client.get("/").content.decode()


def test_a_team_phone_written_with_the_country_code_rings_the_same_number(
    editor_client, client, site, site_settings
):
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    response = editor_client.post(url, settings_form(site_settings, phone="+44 (0)1506 111222"))
    assert response.status_code == 302
    site_settings.refresh_from_db()
    assert site_settings.phone == "01506 111222"  # kept as people in the UK read it
    page = soup(client.get("/"))
    assert page.find("header").find("a", href="tel:+441506111222")
    statement = soup(client.get("/accessibility/"))
    relay = statement.find("a", href="tel:1800101506111222")  # Relay UK dials the national number
    assert relay.get_text() == "18001 01506 111222"


def test_the_line_at_a_glance_cannot_keep_its_own_copy_of_the_phone_number(
    editor_client, home_page
):
    url = reverse("wagtailadmin_pages:edit", args=[home_page.id])
    data = home_form(home_page, glance_how="Ask online, or phone 01506 282948")
    response = editor_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert "Leave the phone number out of this line" in response.content.decode()
    home_page.refresh_from_db()
    assert "282948" not in home_page.glance_how
