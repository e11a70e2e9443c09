"""The demo ships each of its pages in Polish and Arabic, brought in from PO files as a
professional translator's work comes back (home/demo/translations): every demo page is served
in each language under its prefix, a page nobody has translated is still shown (in English, with
a note saying so), and a shipped PO file that no longer matches its English page is named."""

import re
from io import StringIO

import polib
import pytest
from django.core.management import call_command
from django.utils.text import slugify
from django.utils.translation import override
from wagtail.models import Locale, Page

from home import languages
from home.demo.site import ensure_child
from home.demo.translations import translate
from home.models import HomePage, InformationPage, SiteSettings
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<[^>]+>")


def demo_pages(home):
    """The English pages the demo made: the home page and everything under it."""
    return [
        page.specific
        for page in Page.objects.filter(locale_id=home.locale_id)
        .descendant_of(home, inclusive=True)
        .order_by("path")
    ]


def english_home():
    return HomePage.objects.get(locale__language_code=languages.default_language())


def setup_demo(capture):
    """Run setup_demo, and the publications it leaves for the end of its transaction; returns
    what it said went wrong."""
    errors = StringIO()
    with capture(execute=True):
        call_command("setup_demo", "--no-accounts", stdout=StringIO(), stderr=errors)
    return errors.getvalue()


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    errors = setup_demo(django_capture_on_commit_callbacks)
    assert errors == ""  # names each translated page the page's own checks refused
    return english_home()


def shipped_title(page, code):
    return translate.shipped_strings(translate.po_file(code, page))[("title", page.title)]


def test_the_demo_ships_a_po_file_for_every_page_in_polish_and_arabic(home_page):
    assert translate.shipped_languages() == ["ar", "pl"]
    pages = demo_pages(home_page)
    for code in translate.shipped_languages():
        shipped = {path.stem for path in (translate.DIRECTORY / code).glob("*.po")}
        assert shipped == {page.slug for page in pages}, code


def test_every_string_of_every_demo_page_is_translated_in_its_po_file(home_page):
    """When an editor of the demo's content changes its English, this names the PO file to
    bring up to date and the strings it lacks (or no longer needs)."""
    out_of_date = {}
    for page in demo_pages(home_page):
        for code in translate.shipped_languages():
            name = f"{code}/{page.slug}.po"
            missing = translate.missing_translations(page, code)
            unused = translate.unused_translations(page, code)
            if missing or unused:
                out_of_date[name] = {"not translated": missing, "no longer on the page": unused}
    assert out_of_date == {}


def test_shipped_translations_are_checked_finished_and_keep_the_markup():
    """No fuzzy or empty entry; rich text keeps its tags (the links' <a id="a1">) exactly;
    a translated address part is still a valid one."""
    for code in translate.shipped_languages():
        for path in sorted((translate.DIRECTORY / code).glob("*.po")):
            catalogue = polib.pofile(str(path))
            assert "translator must check it" in catalogue.header, path.name
            for entry in catalogue:
                where = f"{code}/{path.name}: {entry.msgid[:50]!r}"
                assert entry.msgstr and not entry.fuzzy, where
                assert sorted(TAG.findall(entry.msgstr)) == sorted(TAG.findall(entry.msgid)), where
                if entry.msgctxt == "slug":
                    assert slugify(entry.msgstr) == entry.msgstr, where


def test_every_demo_page_is_served_translated_in_each_language(client, demo):
    for code in translate.shipped_languages():
        locale = Locale.objects.get(language_code=code)
        for page in demo_pages(demo):
            translation = page.get_translation(locale)
            assert translation.alias_of_id is None, f"{page.title} is still an alias in {code}"
            assert translation.live
            url = translation.get_url()
            assert url.startswith(f"/{code}/"), url
            response = client.get(url)
            assert response.status_code == 200, url
            html = soup(response)
            assert html.html["lang"] == code, url
            assert text_of(html.find("h1")) == shipped_title(page, code), url
            assert html.find(class_="untranslated-note") is None, url


def test_a_page_with_no_po_file_stays_english_with_the_note(
    client, demo, django_capture_on_commit_callbacks
):
    extra = ensure_child(
        demo, InformationPage, "parking", title="Parking near the Civic Centre", introduction=""
    )
    # Run again after adding a page: it is copied into each language, as an alias.
    assert setup_demo(django_capture_on_commit_callbacks) == ""

    for code in translate.shipped_languages():
        alias = extra.get_translation(Locale.objects.get(language_code=code))
        assert alias.alias_of_id == extra.pk
        response = client.get(alias.get_url())
        assert response.status_code == 200
        html = soup(response)
        assert html.find(class_="untranslated-note") is not None
        assert text_of(html.find("h1")) == "Parking near the Civic Centre"


def test_running_setup_demo_again_keeps_the_translations_as_they_are(
    demo, django_capture_on_commit_callbacks
):
    polish = Locale.objects.get(language_code="pl")
    privacy = InformationPage.objects.get(locale=polish, slug="prywatnosc")
    privacy.title = "Prywatność (poprawione przez redaktora)"
    privacy.save_revision().publish()
    pages_before = sorted(Page.objects.values_list("locale__language_code", "url_path"))

    assert setup_demo(django_capture_on_commit_callbacks) == ""

    assert sorted(Page.objects.values_list("locale__language_code", "url_path")) == pages_before
    privacy.refresh_from_db()
    assert privacy.title == "Prywatność (poprawione przez redaktora)"
    for code in ("pl", "ar"):
        assert Page.objects.filter(locale__language_code=code).count() == len(demo_pages(demo))


@pytest.mark.parametrize("code", ["pl", "ar"])
def test_the_site_wording_is_translated_from_its_po_file(demo, code):
    """The settings' public words (team name, opening hours, what happens next) in Polish and
    Arabic, as the demo's PO files give them; every English string has its translation."""
    path = translate.snippet_po_file(code, translate.SITE_WORDING)
    shipped = translate.shipped_strings(path)
    english = SiteSettings.load()
    source, _ = translate.TranslationSource.update_or_create_from_instance(
        translate.sync_source(english)
    )
    _, missing = translate.catalogue_for(source, shipped)
    assert missing == []  # the English wording changed since the PO file was written
    with override(code):
        wording = SiteSettings.load().wording()
        assert wording.opening_hours == shipped[("opening_hours", english.opening_hours)]
        assert (
            wording.what_happens_next[0].value["heading"]
            == shipped[("what_happens_next.heading", english.what_happens_next[0].value["heading"])]
        )
