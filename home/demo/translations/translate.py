"""The demo's pages in Polish and Arabic, brought in the way a translator's work comes back.

Each page has a PO file per language, `<language>/<the English page's slug>.po` beside this
module, as a professional translator returns it from wagtail-localize's "Download PO file".
translate_demo() does with each what an editor does in the admin: "Translate this page"
(wagtail-localize's TranslationCreator, which turns the language's alias of the page into a
page of its own), "Upload PO file" (Translation.import_po) and "Publish" (save_target).

A page with no PO file stays an alias, shown in English with a note that it is not translated
yet (templates/base.html). A page already translated (here, or by an editor) is left as it is,
so running setup_demo again changes nothing.

wagtail-localize names each string's place (msgctxt) by its field and the ids of the
StreamField blocks it is in ("body.<block id>.text"); a new demo gets new block ids, so the
shipped files name the place without them ("body.text"), and catalogue_for() puts this
database's ids back before the import.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from home import languages
from home.models.wording import sync_source

DIRECTORY = Path(__file__).resolve().parent
TOOL_NAME = "Demo PO file"

_BLOCK_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def place(context):
    """A string's place without StreamField block ids: "body.<id>.text" -> "body.text"."""
    return ".".join(part for part in (context or "").split(".") if not _BLOCK_ID.match(part))


def po_file(language_code, page):
    return DIRECTORY / language_code / f"{page.slug}.po"


def shipped_languages():
    """The languages with a folder of PO files here, besides English."""
    return sorted(
        path.name
        for path in DIRECTORY.iterdir()
        if path.is_dir() and path.name != languages.default_language() and any(path.glob("*.po"))
    )


def shipped_strings(path):
    """{(place, English text): translation} from a PO file; fuzzy and empty ones left out."""
    return {
        (place(entry.msgctxt), entry.msgid): entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.fuzzy and not entry.obsolete
    }


def source_for(page):
    """wagtail-localize's copy of the English page's strings, brought up to date."""
    source, _ = TranslationSource.update_or_create_from_instance(page.specific)
    return source


def catalogue_for(source, shipped):
    """The source's PO file (its own places, with block ids) filled in from `shipped`; and the
    English strings `shipped` has no translation for."""
    po = source.export_po()
    missing = []
    for entry in po:
        translated = shipped.get((place(entry.msgctxt), entry.msgid))
        if translated:
            entry.msgstr = translated
        else:
            missing.append(entry.msgid)
    return po, missing


def missing_translations(page, language_code):
    """The English strings of `page` that its PO file in `language_code` does not translate
    (all of them when there is no file)."""
    path = po_file(language_code, page)
    shipped = shipped_strings(path) if path.exists() else {}
    _, missing = catalogue_for(source_for(page), shipped)
    return missing


def unused_translations(page, language_code):
    """The English strings in `page`'s PO file that the page no longer has (the English was
    changed since the file was written)."""
    path = po_file(language_code, page)
    if not path.exists():
        return []
    used = {(place(entry.msgctxt), entry.msgid) for entry in source_for(page).export_po()}
    return [msgid for where, msgid in shipped_strings(path) if (where, msgid) not in used]


def is_translated(page, locale):
    """True when `page` has a page of its own in `locale` (not the alias standing in for it)."""
    target = page.get_translation_or_none(locale)
    return target is not None and target.alias_of_id is None


def refusals(source, locale):
    """Why the translated page was not saved: what its checks said of each string, as
    wagtail-localize records it for the editor (one message a string)."""
    refused = StringTranslation.objects.filter(
        context__object_id=source.object_id, locale=locale, has_error=True
    ).select_related("context")
    return [f"{string.context.path}: {string.field_error}" for string in refused]


def translate_page(page, locale, path):
    """Import the PO file at `path` for `page` into `locale`, then make and publish the
    translated page (its publication runs when the transaction commits). Returns what the
    page's checks refused, if anything: then the alias is left in place."""
    page = page.specific
    source = source_for(page)
    po, _ = catalogue_for(source, shipped_strings(path))
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    translation.import_po(po, tool_name=TOOL_NAME)
    # Each run is a new upload of the file: a refusal left by the last one would otherwise
    # make wagtail-localize save that string in English this time.
    StringTranslation.objects.filter(
        context__object_id=source.object_id, locale=locale, has_error=True
    ).update(has_error=False, field_error="")
    TranslationCreator(None, [locale]).create_translations(page)
    if is_translated(page, locale):
        return []
    return refusals(source, locale) or ["the translated page did not validate"]


@dataclass
class Outcome:
    translated: int = 0
    refused: list = field(default_factory=list)  # "pl/home.po: glance_who: <message>"


@transaction.atomic
def translate_demo(home):
    """Translate `home` and every English page under it into each language with a PO file for
    it. Pages without a file, and pages already translated, are left as they are; so is a
    page whose translation its own checks refuse (the Outcome says why)."""
    pages = Page.objects.filter(locale_id=home.locale_id).descendant_of(home, inclusive=True)
    locales = Locale.objects.filter(language_code__in=shipped_languages())
    outcome = Outcome()
    for page in pages.order_by("path"):  # a parent before its children
        for locale in locales:
            path = po_file(locale.language_code, page)
            if not path.exists() or is_translated(page, locale):
                continue
            refused = translate_page(page, locale, path)
            if refused:
                name = f"{locale.language_code}/{path.name}"
                outcome.refused += [f"{name}: {reason}" for reason in refused]
            else:
                outcome.translated += 1
    return outcome


# The site settings' public wording (home.models.wording): one PO file a language, in
# <language>/snippets/, brought in the same way.
SITE_WORDING = "site-wording"


def snippet_po_file(language_code, name):
    return DIRECTORY / language_code / "snippets" / f"{name}.po"


def translate_snippet(instance, locale, path):
    """Import the PO file at `path` for a translatable snippet and save its translation (as
    "Upload PO file" then "Save" in the admin)."""
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    po, _ = catalogue_for(source, shipped_strings(path))
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    translation.import_po(po, tool_name=TOOL_NAME)
    translation.save_target(publish=True)


@transaction.atomic
def translate_site_wording(team):
    """The English wording made equal to the settings `team`, then translated into each
    language with a PO file for it, unless an editor (or an earlier run) already did. Returns
    how many languages were translated."""
    english = sync_source(team)
    done = 0
    for locale in Locale.objects.filter(language_code__in=shipped_languages()):
        path = snippet_po_file(locale.language_code, SITE_WORDING)
        if path.exists() and english.get_translation_or_none(locale) is None:
            translate_snippet(english, locale, path)
            done += 1
    return done
