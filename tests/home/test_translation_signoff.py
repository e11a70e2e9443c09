"""The translator's sign-off: a Manager or editor records that a professional translator has
checked a language, and the go-live checks name every language nobody has signed off."""

import pytest
from django.core import checks
from wagtail.models import Locale

from home.models import LanguageReview

LANGUAGES = [("en-gb", "English"), ("pl", "Polski"), ("ar", "العربية")]
ADD_URL = "/admin/snippets/home/languagereview/add/"


@pytest.fixture
def three_languages(settings, db):
    settings.LANGUAGE_CODE = "en-gb"
    settings.LANGUAGES = LANGUAGES
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in LANGUAGES}


def translation_warning():
    found = checks.run_checks(tags=["golive"], include_deployment_checks=True)
    warnings = [message for message in found if message.id == "golive.W010"]
    assert len(warnings) <= 1
    return warnings[0] if warnings else None


def test_the_go_live_check_names_every_language_not_checked_by_a_professional(three_languages):
    warning = translation_warning()

    assert warning.level == checks.WARNING
    assert "The Polish and Arabic translations have not been checked by a professional" in (
        warning.msg
    )
    assert "English" not in warning.msg


def test_a_language_marked_checked_is_no_longer_named(three_languages):
    LanguageReview.objects.create(locale=three_languages["pl"], checked_by_professional=True)
    LanguageReview.objects.create(locale=three_languages["ar"], checked_by_professional=False)

    assert "The Arabic translation has not been checked" in translation_warning().msg


def test_the_warning_goes_once_every_language_is_checked(three_languages):
    for code in ("pl", "ar"):
        LanguageReview.objects.create(locale=three_languages[code], checked_by_professional=True)

    assert translation_warning() is None


@pytest.mark.parametrize("client_fixture", ["manager_client", "editor_client"])
def test_managers_and_editors_record_a_sign_off_in_the_admin(
    request, three_languages, client_fixture
):
    client = request.getfixturevalue(client_fixture)
    assert client.get(ADD_URL).status_code == 200

    response = client.post(
        ADD_URL,
        {
            "locale": three_languages["pl"].pk,
            "checked_by_professional": "on",
            "checked_on": "",
            "notes": "Checked by an agency.",
        },
    )

    assert response.status_code == 302
    review = LanguageReview.objects.get(locale=three_languages["pl"])
    assert review.checked_by_professional
    assert review.checked_on is not None
    assert review.checked_by == response.wsgi_request.user


def test_an_officer_cannot_sign_off_a_translation(officer_client, three_languages):
    assert officer_client.get(ADD_URL).status_code in (302, 403)
