"""The language a family used on the site, recorded on their case.

The site's languages are settings.LANGUAGES; a case records the one whose address the family
sent it from (/pl/…, /ar/…; English unprefixed), and every message to the family goes in it.
Staff screens name a language in English ("Polish"), the way staff read it; the public switcher
names each in itself ("Polski"). Both come from here, so a language added to settings needs no
code: Django knows the English name of every language it ships.
"""

from django.conf import settings
from django.utils import translation


def language_choices():
    """The site's languages (settings.LANGUAGES), named in English for staff. A language added
    to settings is a migration that changes the choices and nothing in the database."""
    return [(code, english_name(code)) for code, _ in settings.LANGUAGES]


def english_name(code):
    """A language's name in English without its region ("en-gb": "English", "pl": "Polish",
    "ar": "Arabic"); the code itself for a language Django does not know."""
    for candidate in (code.split("-")[0], code):
        try:
            return translation.get_language_info(candidate)["name"]
        except KeyError:
            continue
    return code


def site_language(code=None):
    """`code` (the active language when not given) as one of settings.LANGUAGES' codes ("pl",
    "en-gb"), or settings.LANGUAGE_CODE when it is none of them or nothing is active."""
    code = translation.get_language() if code is None else code
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE
