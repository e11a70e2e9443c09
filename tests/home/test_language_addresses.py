"""Each language has its own addresses (none for English, /pl/ for Polish, /ar/ for Arabic), and
a family can move between them anywhere on the site without losing their place: the language
switcher on every public page goes to the same place in the other language, answers typed on a
question page are still there in the other language, a page not yet translated is shown in
English rather than "not found", the cached pages never mix two languages, and the quick exit
works under every prefix."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import languages
from home.models import InformationPage
from referrals.demo import pages as demo_pages
from referrals.intake.answers import SESSION_PREFIX
from tests.html import soup, text_of
from tests.intake_journey import first_question_url, post_page

pytestmark = pytest.mark.django_db

SWITCHER = [("English", "en-GB"), ("Polski", "pl"), ("العربية", "ar")]
ABOUT_YOU = {
    "contact_name": "Sam Example",
    "relationship": "parent",
    "postcode": "EH54 6FF",
}
YOUR_CHILD = {
    "child_first_name": "Alex",
    "child_date_of_birth_0": "3",
    "child_date_of_birth_1": "4",
    "child_date_of_birth_2": "2021",
}
# The exit link followed from one of this site's pages (tests/home/test_leave_quickly.py).
EXIT_LINK = {
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Dest": "document",
    "Sec-Fetch-User": "?1",
}


@pytest.fixture
def forms(home_page):
    """The demo site with its form pages, and a Polish and an Arabic tree copied from it (as
    setup_demo leaves it)."""
    made = demo_pages.setup_form_pages(home_page)
    languages.ensure_locales()  # rolled back with the test (conftest forgets their ids)
    return made


def html_element(response):
    assert response.status_code == 200, response.status_code
    return soup(response).html


def switcher_links(response):
    """(name, lang, hreflang, address or None, marked current) for each language offered."""
    nav = soup(response).find("nav", class_="language-switcher")
    assert nav is not None, "the page has no language switcher"
    found = []
    for item in nav.find_all("li"):
        link = item.find("a")
        current = item.find(attrs={"aria-current": True})
        element = link or current
        found.append(
            (
                text_of(element),
                element.get("lang"),
                link.get("hreflang") if link else None,
                link.get("href") if link else None,
                current is not None,
            )
        )
    return found


def assert_switcher(response, current_lang):
    links = switcher_links(response)
    assert [(name, lang) for name, lang, *_ in links] == SWITCHER
    for name, lang, hreflang, href, current in links:
        if lang == current_lang:
            assert current and href is None, f"{name} is the current language: not a link"
        else:
            assert not current, f"{name} is not the current language"
            assert href and hreflang == lang, f"{name} needs an address and hreflang"
    return {lang: href for _, lang, _, href, _ in links}


@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [("/", "en-GB", "ltr"), ("/pl/", "pl", "ltr"), ("/ar/", "ar", "rtl")],
)
def test_each_language_has_its_own_address_and_says_so(client, forms, path, lang, direction):
    html = html_element(client.get(path))
    assert (html["lang"], html["dir"]) == (lang, direction)


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("/", "en-GB"),
        ("/pl/", "pl"),
        ("/ar/", "ar"),
        ("/what-happens-in-a-vig-cycle/", "en-GB"),
        ("/pl/what-happens-in-a-vig-cycle/", "pl"),
        ("/ar/privacy/", "ar"),
        ("/ask-a-question/", "en-GB"),
        ("/pl/ask-a-question/", "pl"),
        ("/refer/", "en-GB"),
        ("/ar/refer/", "ar"),
    ],
)
def test_every_kind_of_page_offers_every_language_at_the_same_place(client, forms, path, lang):
    hrefs = assert_switcher(client.get(path), lang)
    bare = languages.without_prefix(path)
    expected = {"en-GB": bare, "pl": f"/pl{bare}", "ar": f"/ar{bare}"}
    assert hrefs == {code: None if code == lang else url for code, url in expected.items()}
    for code, url in hrefs.items():
        if url:
            assert html_element(client.get(url))["lang"] == code, url


def answer_the_first_two_pages(client, refer_url):
    about_you = first_question_url(client, refer_url)
    response = post_page(client, about_you, ABOUT_YOU)
    assert response.status_code == 302, "about-you refused its answers"
    your_child = response["Location"]
    assert post_page(client, your_child, YOUR_CHILD).status_code == 302
    return your_child


def test_the_switcher_on_a_question_page_goes_to_the_same_step_with_the_answers_kept(client, forms):
    refer_url = forms["refer"].url
    your_child = answer_the_first_two_pages(client, refer_url)
    assert your_child == f"{refer_url}your-child/"

    english = client.get(your_child)
    hrefs = assert_switcher(english, "en-GB")
    assert hrefs["pl"] == f"/pl{your_child}"
    assert hrefs["ar"] == f"/ar{your_child}"

    polish = client.get(hrefs["pl"])
    assert html_element(polish)["lang"] == "pl"
    assert_switcher(polish, "pl")
    field = soup(polish).find("input", attrs={"name": "child_first_name"})
    assert field is not None and field.get("value") == "Alex"

    # And on from there in Polish: the next step is the Polish one, the English answers kept.
    response = post_page(client, hrefs["pl"], YOUR_CHILD)
    assert response["Location"] == f"/pl{refer_url}what-you-would-like-to-change/"
    about_you = soup(client.get(f"/pl{refer_url}about-you/"))
    assert about_you.find("input", attrs={"name": "contact_name"}).get("value") == "Sam Example"
    # The check page, with a step still to answer, sends the visitor to it in Polish.
    check = client.get(f"/pl{refer_url}check-your-answers/")
    assert check["Location"] == f"/pl{refer_url}what-you-would-like-to-change/"
    keys = [key for key in client.session.keys() if key.startswith(SESSION_PREFIX)]
    assert keys == [f"{SESSION_PREFIX}{forms['refer'].translation_key}"]


def test_a_page_only_in_english_is_shown_in_english_under_another_prefix(client, forms, home_page):
    page = InformationPage(
        title="Groups this summer",
        slug="groups-this-summer",
        introduction="Drop-in groups for parents in July.",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()

    for prefix, lang in (("/pl", "pl"), ("/ar", "ar")):
        response = client.get(f"{prefix}/groups-this-summer/")
        assert response.status_code == 200, prefix
        html = soup(response)
        assert html.html["lang"] == lang
        assert html.find(class_="untranslated-note") is not None, prefix
        content = html.find(class_="main__content")
        assert (content.get("lang"), content.get("dir")) == ("en-GB", "ltr")
        assert "Groups this summer" in text_of(content)
        assert_switcher(response, lang)
    english = soup(client.get("/groups-this-summer/"))
    assert english.find(class_="untranslated-note") is None


def test_the_page_cache_keeps_each_language_apart(client, forms, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    first = [client.get(path) for path in ("/", "/pl/", "/")]
    assert [html_element(r)["lang"] for r in first] == ["en-GB", "pl", "en-GB"]
    assert [r["X-Page-Cache"] for r in first] == ["miss", "miss", "hit"]

    with CaptureQueriesContext(connection) as queries:
        polish = client.get("/pl/")
    assert polish["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert html_element(polish)["lang"] == "pl"
    assert html_element(client.get("/ar/"))["lang"] == "ar"


def test_the_quick_exit_works_under_a_language_prefix(client, forms, site_settings):
    refer_url = forms["refer"].url
    answer_the_first_two_pages(client, f"/pl{refer_url}")
    assert any(key.startswith(SESSION_PREFIX) for key in client.session.keys())

    response = client.get("/pl/leave/", headers=EXIT_LINK)
    assert response.status_code == 302
    assert response["Location"] == site_settings.quick_exit_url
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert not any(key.startswith(SESSION_PREFIX) for key in client.session.keys())
