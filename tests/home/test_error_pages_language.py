"""The error pages speak the language of the address the family was reading: a Polish visitor's
"page not found" or "service unavailable" is a Polish page, and an Arabic one reads right to
left. Error handlers can run after the language middleware has finished with a request, so the
pages built in vig_site.views read the language from the address themselves."""

import pytest
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.utils import translation

from tests.html import soup
from vig_site.views import bad_request, server_error

pytestmark = pytest.mark.django_db


def html_element(response):
    return soup(response.content.decode()).html


@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [
        ("/no-such-page/", "en-GB", "ltr"),
        ("/pl/no-such-page/", "pl", "ltr"),
        ("/ar/x/", "ar", "rtl"),
    ],
)
def test_a_missing_page_is_in_the_language_of_its_address(client, home_page, path, lang, direction):
    response = client.get(path)
    assert response.status_code == 404
    assert html_element(response)["lang"] == lang
    assert html_element(response).get("dir", "ltr") == direction


@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [("/", "en-GB", "ltr"), ("/pl/", "pl", "ltr"), ("/ar/", "ar", "rtl")],
)
def test_a_server_error_is_in_the_language_of_its_address(rf, path, lang, direction):
    # Rendered outside any request processing and any active language, as Django may.
    with translation.override(None):
        response = server_error(rf.get(path + "referral/"))
    assert response.status_code == 500
    assert html_element(response)["lang"] == lang
    assert html_element(response)["dir"] == direction
    with translation.override(lang):
        expected = translation.gettext("Sorry, there is a problem with the service")
    assert expected in response.content.decode()
    if lang != "en-GB":
        assert expected != "Sorry, there is a problem with the service"  # translated


def test_the_database_unavailable_page_is_in_the_language_of_its_address(rf):
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        with translation.override("en-gb"):
            response = server_error(rf.get("/ar/referral/"))
    assert response.status_code == 503
    assert html_element(response)["lang"] == "ar"
    assert html_element(response)["dir"] == "rtl"
    # The quick exit and the home link stay in the family's language too.
    assert soup(response.content.decode()).select_one("[data-exit-this-page-link]")["href"] == (
        "/ar/leave/"
    )


@pytest.mark.parametrize(
    ("exception", "status"), [(RequestDataTooBig("too big"), 413), (None, 400)]
)
def test_an_unreadable_form_is_answered_in_the_language_of_its_address(rf, exception, status):
    with translation.override("en-gb"):
        response = bad_request(rf.post("/pl/referral/"), exception)
    assert response.status_code == status
    assert html_element(response)["lang"] == "pl"
    assert html_element(response)["dir"] == "ltr"
    assert soup(response.content.decode()).select_one(".site-header__name")["href"] == "/pl/"


def test_the_english_error_page_keeps_its_words(rf):
    response = bad_request(rf.post("/referral/"), RequestDataTooBig("too big"))
    html = response.content.decode()
    assert "What was sent was too large for us to receive. Nothing has been saved." in html
    assert html_element(response)["lang"] == "en-GB"
