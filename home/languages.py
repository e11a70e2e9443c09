"""The languages a family can read the site in (settings.LANGUAGES), and where the same place
is in each of them.

The language is the first part of the address: none for English (the source), /pl/ for Polish,
/ar/ for Arabic (Django's i18n_patterns and LocaleMiddleware). Every language has a tree of
pages, a translated copy of the English one (wagtail-localize keeps an alias of each English
page there until an editor translates it).
"""

from django.conf import settings
from django.utils.translation import get_language, get_language_bidi, get_language_info
from wagtail.models import Locale, Page


def default_language():
    return settings.LANGUAGE_CODE


def language_codes():
    return [code for code, _ in settings.LANGUAGES]


def html_lang(code):
    """The language as HTML's lang attribute writes it: "en-GB", "pl", "ar"."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def is_right_to_left(code):
    return get_language_info(code)["bidi"]


def prefix_of(code):
    return "" if code == default_language() else f"/{code}"


def without_prefix(path):
    """The address as English has it: "/pl/about/" -> "/about/"."""
    for code in language_codes():
        prefix = prefix_of(code)
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            return path[len(prefix) :] or "/"
    return path


def in_language(path, code):
    """The same address in another language: the prefix swapped."""
    return prefix_of(code) + without_prefix(path)


_locale_ids = {}  # language code -> Locale id, read once per process (locales are set up once)


def locale_id(code):
    if code not in _locale_ids:
        found = Locale.objects.filter(language_code=code).values_list("pk", flat=True).first()
        if found is None:
            return None  # not set up yet: asked again next time
        _locale_ids[code] = found
    return _locale_ids[code]


def forget():
    """Forget the locales' ids (a test that made and rolled back locales)."""
    _locale_ids.clear()


def localized(page):
    """The page in the visitor's language (its translation, or the alias that stands in for
    it), else the page itself; no query when the page is already in that language."""
    if page is None:
        return None
    wanted = locale_id(get_language())
    if wanted is None or page.locale_id == wanted:
        return page
    translation = page.get_translation_or_none(wanted)
    return translation if translation is not None and translation.live else page


def ensure_locales():
    """A Locale for every language in settings.LANGUAGES, each kept in step with English
    (wagtail-localize's "synchronise from": an alias of every English page until it is
    translated). Returns the locales made."""
    from wagtail_localize.models import LocaleSynchronization

    source, _ = Locale.objects.get_or_create(language_code=default_language())
    made = []
    for code in language_codes():
        if code == source.language_code:
            continue
        locale, created = Locale.objects.get_or_create(language_code=code)
        if created:
            made.append(locale)
        # Saving it copies every English page not yet in this language (as an alias).
        LocaleSynchronization.objects.update_or_create(
            locale=locale, defaults={"sync_from": source}
        )
    return made


def content_language(page):
    """The language a page's words are in: an alias (a page not yet translated) carries the
    words of the page it copies. No query for a translated page in the visitor's language."""
    if page.alias_of_id:
        return (
            Page.objects.filter(pk=page.alias_of_id)
            .values_list("locale__language_code", flat=True)
            .first()
            or default_language()
        )
    current = get_language()
    if page.locale_id == locale_id(current):
        return current
    return page.locale.language_code


def alternates(request, page=None):
    """For each language: (code, its own name, address, is the current one). The address is
    the same place in that language: the page's translation (and the same step of a form),
    else the same address under that language's prefix, which shows the English page with a
    note until the page is translated (home.views.serve)."""
    current = get_language()
    path = request.path
    by_language = {}
    if page is not None and page.pk:
        # The part of the address after the page's own (a form's step), the same in every
        # language; the page may be English, shown under /pl/ until it is translated.
        here = without_prefix(page.get_url(request) or "")
        bare = without_prefix(path)
        rest = bare[len(here) :] if here and bare.startswith(here) else ""
        translations = Page.objects.filter(
            translation_key=page.translation_key, live=True
        ).select_related("locale")
        for translation in translations:
            url = translation.get_url(request)
            if url:
                by_language[translation.locale.language_code] = url + rest
    links = []
    for code, name in settings.LANGUAGES:
        url = by_language.get(code) or in_language(path, code)
        links.append((code, name, url, code == current))
    return links


def direction():
    return "rtl" if get_language_bidi() else "ltr"
