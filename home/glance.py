"""The facts a parent came for, which the home page's "at a glance" list must keep.

Editors may word each line as they like; a line that no longer states its fact is refused with
a message saying what it must still say. Each fact is recognised by its key words (regular
expressions, any case), all of which must appear in the line.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

from .validators import PHONE_NUMBER

# field name -> (key words, what the editor is told when a line loses its fact)
GLANCE_FACTS = {
    "glance_who": (
        [r"\bparents?\b", r"\bcarers?\b", r"\bbirth\b|\b0\b", r"\b18\b|\beighteen\b"],
        "This line must still say that VIG is for any parent or carer of a child from birth to 18.",
    ),
    "glance_cost": (
        [r"\bfree\b|\bno (charge|cost|fee)|costs? (you )?nothing|(does not|doesn't|won't) cost"],
        "This line must still say that VIG is free (for example 'It is free').",
    ),
    "glance_where": (
        [r"\bhomes?\b", r"\bschools?\b"],
        "This line must still say that sessions are usually at home or in school.",
    ),
    "glance_cycles": (
        [r"\b(three|3)\b", r"\bcycles?\b", r"\b(more|further|additional|extra)\b"],
        "This line must still say that there are three cycles, and more if the family and "
        "Guider agree.",
    ),
    "glance_how": (
        [r"\b(online|form)\b", r"\b(phone|call|ring|telephone)\b"],
        "This line must still say how to ask: online, or by phone.",
    ),
}


# The same facts in the languages the home page is translated into (wagtail-localize), in their
# own words: the translator's lines are held to them too. Arabic joins some small words to the
# next (و, ال, ب), so its key words are matched inside words. A language not listed here is not
# checked (English's key words could never match it).
TRANSLATED_FACTS = {
    "pl": {
        "glance_who": [r"\brodzic", r"\bopiekun", r"\burodzeni", r"\b18\b|osiemnast"],
        "glance_cost": [r"bezpłat|za darmo|nic nie kosztuje|bez opłat"],
        "glance_where": [r"\bdom", r"\bszk[oó][lł]"],
        "glance_cycles": [r"\b(3|trzy)\b", r"\bcykl", r"\bwięcej\b|dodatkow"],
        "glance_how": [r"internet|online|formularz", r"telefon|zadzwo"],
    },
    "ar": {
        "glance_who": [r"أب|أم|والد", r"رعاية", r"الولادة", r"18|١٨|عشر"],
        "glance_cost": [r"مجان|بلا (رسوم|تكلفة)|دون (رسوم|تكلفة)"],
        "glance_where": [r"منزل|بيت", r"مدرس"],
        "glance_cycles": [r"3|٣|ثلاث", r"دور", r"أكثر|إضاف"],
        "glance_how": [r"إنترنت|انترنت|نموذج", r"هاتف|اتصل"],
    },
}


def facts_for(page):
    """{field: (key words, message)} for the page's language; the English ones for English.
    An alias (a page not translated yet) has its source's words, checked on the source."""
    if page.alias_of_id:
        return {}
    code = page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE
    if code == settings.LANGUAGE_CODE:
        return GLANCE_FACTS
    translated = TRANSLATED_FACTS.get(code, {})
    return {field: (translated[field], GLANCE_FACTS[field][1]) for field in translated}


def states(text, patterns):
    return all(re.search(pattern, text or "", re.IGNORECASE) for pattern in patterns)


def check_glance(page):
    """Raise a ValidationError naming each line that no longer states its fact."""
    errors = {
        field: message
        for field, (patterns, message) in facts_for(page).items()
        if getattr(page, field) and not states(getattr(page, field), patterns)
    }
    if "glance_how" not in errors and PHONE_NUMBER.search(page.glance_how or ""):
        # The team's number from the settings follows this line; a second copy here would
        # drift from it the day the number changes.
        errors["glance_how"] = (
            "Leave the phone number out of this line: the team's number from the site "
            "settings is added after it, so it is always the current one."
        )
    if errors:
        raise ValidationError(errors)
