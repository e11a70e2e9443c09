"""The settings' public words in each language: a Polish page shows the Polish wording where
editors translated it, and the English setting wherever they have not."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Locale

from home.models import SiteWording
from home.models.wording import sync_source


@pytest.fixture
def polish(db):
    return Locale.objects.get_or_create(language_code="pl")[0]


def test_without_a_translation_every_word_is_the_english_setting(site_settings, polish):
    with translation.override("pl"):
        words = site_settings.wording()
        assert words.team_name == site_settings.team_name
        assert words.opening_hours == site_settings.opening_hours
        assert words.phone == site_settings.phone


def test_a_polish_wording_is_shown_in_polish_and_falls_back_field_by_field(site_settings, polish):
    source = sync_source(site_settings)
    SiteWording.objects.create(
        locale=polish,
        translation_key=source.translation_key,
        opening_hours="od poniedziałku do piątku, 9:00–17:00",
        team_name="",
    )

    with translation.override("pl"):
        words = site_settings.wording()
        assert words.opening_hours == "od poniedziałku do piątku, 9:00–17:00"
        assert words.team_name == site_settings.team_name  # not translated: English
        hours = render_to_string("components/opening_hours.html", {"team": site_settings})
    assert "od poniedziałku do piątku, 9:00–17:00" in hours

    with translation.override("en-gb"):
        assert site_settings.wording().opening_hours == site_settings.opening_hours
        hours = render_to_string("components/opening_hours.html", {"team": site_settings})
    assert site_settings.opening_hours in hours


def test_saving_the_settings_keeps_the_english_wording_the_source(editor_client, site_settings):
    settings_url = f"/admin/settings/home/sitesettings/{site_settings.pk}/"
    response = editor_client.get(settings_url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not hasattr(value, "raw_data")
    }
    data.update(
        {
            "team_name": "Family Support Team",
            "what_happens_next-count": "0",
            "council_logo": "",
            "privacy_page": site_settings.privacy_page_id or "",
            "accessibility_page": site_settings.accessibility_page_id or "",
            "cover_tracks_page": site_settings.cover_tracks_page_id or "",
        }
    )
    data = {name: value for name, value in data.items() if value is not False}

    response = editor_client.post(settings_url, data)

    assert response.status_code == 302, response.context["form"].errors
    english = SiteWording.objects.get(locale=Locale.get_default())
    assert english.team_name == "Family Support Team"
