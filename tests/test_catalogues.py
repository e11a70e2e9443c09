"""The interface's words in every shipped language (locale/<language>/LC_MESSAGES/django.po):
every string the code marks is translated, none is empty or fuzzy, and the compiled catalogue
the site reads (django.mo, committed, so `make run` needs no gettext) says what the .po says.

A string added to the code without its translations fails here, naming it."""

import contextlib
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
SHIPPED = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue(code, suffix="po"):
    return ROOT / "locale" / code / "LC_MESSAGES" / f"django.{suffix}"


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """Every string the code and templates mark, as makemessages finds them today. It runs in a
    folder of links to the project without its locale/ (makemessages would otherwise merge into
    the shipped catalogues themselves), writing a catalogue of its own."""
    source = tmp_path_factory.mktemp("source")
    for child in ROOT.iterdir():
        if child.name not in {"locale", ".venv", ".git", "staticfiles", "artifacts"}:
            (source / child.name).symlink_to(child)
    out = source / "locale"
    with override_settings(LOCALE_PATHS=[out]), contextlib.chdir(source):
        call_command(
            "makemessages",
            locale=["pl"],
            symlinks=True,
            ignore_patterns=["tests/*", "benchmarks/*"],
            no_obsolete=True,
            verbosity=0,
        )
    return list(polib.pofile(str(out / "pl" / "LC_MESSAGES" / "django.po")))


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.mark.parametrize("code", SHIPPED)
def test_every_marked_string_is_translated(code, marked):
    shipped = {key(entry): entry for entry in polib.pofile(str(catalogue(code)))}
    missing = [entry.msgid for entry in marked if key(entry) not in shipped]
    assert not missing, f"{code}: not in locale/{code}: {missing[:20]}"
    empty = [
        entry.msgid
        for entry in shipped.values()
        if not entry.obsolete
        and (not entry.msgstr if not entry.msgid_plural else not all(entry.msgstr_plural.values()))
    ]
    assert not empty, f"{code}: empty translations: {empty[:20]}"
    fuzzy = [entry.msgid for entry in shipped.values() if entry.fuzzy and not entry.obsolete]
    assert not fuzzy, f"{code}: fuzzy (unchecked) translations: {fuzzy[:20]}"


@pytest.mark.parametrize("code", SHIPPED)
def test_the_compiled_catalogue_says_what_the_po_says(code):
    """django.mo is what the site reads: compile it again (`make messages`) after editing a
    .po."""
    po = {
        key(entry): (entry.msgstr, dict(entry.msgstr_plural))
        for entry in polib.pofile(str(catalogue(code)))
        if entry.msgid and not entry.obsolete and not entry.fuzzy
    }
    mo = {
        key(entry): (entry.msgstr, dict(entry.msgstr_plural))
        for entry in polib.mofile(str(catalogue(code, "mo")))
        if entry.msgid
    }
    assert mo == po


@pytest.mark.parametrize("code", SHIPPED)
def test_placeholders_survive_translation(code):
    """A translation that loses or renames a %(name)s placeholder would fail at run time, on a
    family's page."""
    placeholder = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")

    def names(text):
        return sorted({a or b for a, b in placeholder.findall(text)})

    wrong = []
    for entry in polib.pofile(str(catalogue(code))):
        if entry.obsolete or not entry.msgid:
            continue
        if not entry.msgid_plural:
            if entry.msgstr and names(entry.msgstr) != names(entry.msgid):
                wrong.append(entry.msgid)
            continue
        # A plural's forms may leave out the count ("one day"), never add a name.
        allowed = set(names(entry.msgid)) | set(names(entry.msgid_plural))
        if any(not set(names(text)) <= allowed for text in entry.msgstr_plural.values()):
            wrong.append(entry.msgid)
    assert not wrong, f"{code}: placeholders differ from English: {wrong[:20]}"
