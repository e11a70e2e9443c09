"""The current wait in the home page's "at a glance" section, under the start button: shown
only with five families or more behind it, only while it is a week old or less, and only when
the editors want it; otherwise the page asks people to phone. A cached home page still costs no
query, and a new figure is on it at once."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import InformationPage, SiteSettings
from home.models.wait import PublicWait
from tests.html import soup

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 9, 30))


@pytest.fixture(autouse=True)
def frozen(monkeypatch, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def figure(*, weeks=7, families=12, days_old=1):
    return PublicWait.objects.update_or_create(
        pk=PublicWait.ONE,
        defaults={
            "weeks": weeks,
            "families": families,
            "worked_out_at": NOW - datetime.timedelta(days=days_old),
        },
    )[0]


def glance(client):
    """The words of the home page's "at a glance" section (the list and the wait under it)."""
    page = soup(client.get("/").content.decode())
    return " ".join(page.select_one(".glance").get_text(" ").split())


def says_wait(text, weeks):
    return re.search(rf"Most families start within about {weeks} weeks", text) is not None


def asks_to_phone(text, site_settings):
    return f"Phone us on {site_settings.phone} to ask how long it is taking" in text


def test_the_home_page_says_how_long_most_families_wait_and_how_it_was_worked_out(
    client, home_page, site_settings
):
    figure(weeks=7, families=12, days_old=1)
    text = glance(client)
    assert says_wait(text, 7)
    assert "14 June 2026" in text  # the day it was worked out
    assert "12 families" in text
    assert not asks_to_phone(text, site_settings)


def test_with_four_families_behind_it_the_wait_is_hidden_and_people_are_asked_to_phone(
    client, home_page, site_settings
):
    figure(weeks=3, families=4)
    text = glance(client)
    assert "Most families start" not in text
    assert asks_to_phone(text, site_settings)


def test_with_five_families_behind_it_the_wait_is_shown(client, home_page, site_settings):
    figure(weeks=3, families=5)
    assert says_wait(glance(client), 3)


def test_a_figure_eight_days_old_is_hidden(client, home_page, site_settings):
    figure(days_old=8)
    text = glance(client)
    assert "Most families start" not in text
    assert asks_to_phone(text, site_settings)


def test_a_figure_six_days_old_is_shown(client, home_page):
    figure(days_old=6)
    assert says_wait(glance(client), 7)


def test_editors_can_turn_the_wait_off(client, home_page, site_settings):
    figure()
    site_settings.show_current_wait = False
    site_settings.save()
    text = glance(client)
    assert "Most families start" not in text
    assert asks_to_phone(text, site_settings)


def test_before_it_was_ever_worked_out_people_are_asked_to_phone(client, home_page, site_settings):
    text = glance(client)
    assert asks_to_phone(text, site_settings)


def test_a_cached_home_page_with_the_wait_costs_no_query(client, home_page):
    figure()
    assert client.get("/")["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert says_wait(response.content.decode(), 7)
    assert len(queries) == 0


def test_a_new_figure_is_on_the_cached_home_page_at_once(client, home_page):
    figure(weeks=7)
    client.get("/")
    figure(weeks=9)
    assert says_wait(glance(client), 9)


def test_the_figure_is_read_once_per_content_version_not_once_a_request(client, home_page):
    """Pages the cache cannot share read the settings (and the wait with them) once per content
    version: a second anonymous request asks for neither."""
    figure()
    settings_ = SiteSettings.load()
    with CaptureQueriesContext(connection) as first:
        settings_.current_wait  # noqa: B018
    with CaptureQueriesContext(connection) as second:
        settings_.current_wait  # noqa: B018
    assert (len(first), len(second)) == (1, 0)


def test_the_what_happens_next_block_shows_the_steps_from_the_settings(
    client, home_page, site_settings
):
    figure(weeks=6)
    site_settings.response_working_days = 4
    site_settings.what_happens_next = [
        ("first_contact", {"heading": "We ring you", "text": "We read it first."}),
        ("step", {"heading": "Your first meeting", "text": "You agree your goals."}),
    ]
    site_settings.save()
    page = InformationPage(
        title="How it works",
        slug="how-it-works",
        body=[("what_happens_next", {"heading": "After you ask"})],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()

    html = soup(client.get(page.url).content.decode())
    section = html.find("h2", string="After you ask").find_parent("section")
    steps = section.select("ol.steps__list > li")
    assert [step.h3.get_text(strip=True) for step in steps] == ["We ring you", "Your first meeting"]
    assert "within 4 working days" in steps[0].get_text()
    assert "within 4 working days" not in steps[1].get_text()
    assert says_wait(section.get_text(" "), 6)


def test_an_editor_rewords_the_steps_and_turns_the_wait_off_in_the_team_settings(
    editor_client, client, site, site_settings, home_page
):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from .test_editor_workflow import settings_form

    figure(weeks=6)
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    page = soup(editor_client.get(url).content.decode())
    assert page.find(attrs={"name": "show_current_wait"}) is not None
    steps = [
        ("first_contact", {"heading": "We phone you", "text": ""}),
        ("step", {"heading": "We meet at your home", "text": "Or at school."}),
    ]
    form = {
        **settings_form(site_settings),
        **nested_form_data({"what_happens_next": streamfield(steps)}),
        "show_current_wait": "",
    }
    assert editor_client.post(url, form).status_code == 302

    site_settings.refresh_from_db()
    assert [step.value["heading"] for step in site_settings.what_happens_next] == [
        "We phone you",
        "We meet at your home",
    ]
    assert not site_settings.show_current_wait
    text = glance(client)
    assert "Most families start" not in text
    assert asks_to_phone(text, site_settings)
