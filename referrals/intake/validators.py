"""Cleaning and checking what people type into the public forms.

Every function here returns a clean value or raises ValidationError with a message written for
the person filling in the form. Messages never repeat the value back (it may be personal data
and messages can end up in logs).
"""

import datetime
import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from home.validators import parse_uk_phone

# Control characters (Unicode category Cc) are stripped, except line breaks and tabs in
# multi-line text. NUL would also be refused by PostgreSQL.
_MULTILINE_KEEP = {"\n", "\t"}
_POSTCODE_RE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2})$")
OLDEST_CHILD_AGE = 18


# Invisible characters that can make a name read differently from what is stored: bidirectional
# overrides and isolates, direction marks, zero-width spaces, word joiners and byte-order marks.
# Zero-width (non-)joiners (U+200C, U+200D) stay: Persian, Hindi and emoji need them.
INVISIBLE = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi embeddings, overrides
    "\u200b\u2060\ufeff\u200e\u200f"  # zero-width space, word joiner, BOM, direction marks
)


def strip_control_characters(value, *, multiline=False):
    """Remove control characters and the invisible characters in INVISIBLE; turn Windows and
    old Mac line endings into \\n."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    keep = _MULTILINE_KEEP if multiline else set()
    cleaned = "".join(
        ch
        for ch in text
        if ch in keep or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in INVISIBLE)
    )
    if not multiline:
        cleaned = " ".join(cleaned.split())
    return cleaned.strip()


def normalise_postcode(value):
    """'eh546ff' -> 'EH54 6FF'. Raises ValidationError for anything that is not a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not _POSTCODE_RE.match(compact):
        raise ValidationError(_("Enter a real postcode, like EH54 6FF"), code="invalid_postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_uk_phone(value):
    """'01506 282948' -> '+441506282948'. Raises ValidationError unless it is a UK number."""
    number = parse_uk_phone(value, message=PHONE_MESSAGE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def age_on(date_of_birth, today):
    """Whole years between date_of_birth and today (someone born on 29 February turns a year
    older on 1 March in years without one)."""
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - int(before_birthday)


MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
DATE_PARTS = ("day", "month", "year")
PHONE_MESSAGE = _("Enter a UK phone number, like 01506 282948 or 07123 456 789")
# What a date of birth left part-filled is missing, each a whole sentence to translate.
DATE_MISSING = {
    ("day",): _("The child's date of birth must include a day"),
    ("month",): _("The child's date of birth must include a month"),
    ("year",): _("The child's date of birth must include a year"),
    ("day", "month"): _("The child's date of birth must include a day and a month"),
    ("day", "year"): _("The child's date of birth must include a day and a year"),
    ("month", "year"): _("The child's date of birth must include a month and a year"),
}


def month_number(value):
    """ "3", "03", "Mar", "march" -> "3" or "03" as typed, or the month's number for a name."""
    number = MONTH_NAMES.get(value.strip().rstrip(".").lower())
    return str(number) if number else value


def _date_error(message, code, parts=DATE_PARTS):
    """A date error that names the parts (day, month, year) to mark as wrong."""
    return ValidationError(message, code=code, params={"parts": tuple(parts)})


def child_date_of_birth(day, month, year, *, today):
    """Build and check a child's date of birth from the three inputs of the GOV.UK date pattern.

    The month may be a number or a name ("4", "Apr", "April"). The child must be born today or
    earlier and be 18 or younger. Each error's params["parts"] names the inputs that are wrong,
    so only those are marked.
    """
    parts = {
        "day": (day or "").strip(),
        "month": month_number((month or "").strip()),
        "year": (year or "").strip(),
    }
    if not any(parts.values()):
        raise _date_error(_("Enter the child's date of birth"), "required")
    missing = [name for name, value in parts.items() if not value]
    if missing:
        raise _date_error(DATE_MISSING[tuple(missing)], "incomplete", missing)
    not_numbers = [name for name, value in parts.items() if not re.fullmatch(r"[0-9]+", value)]
    if not_numbers:
        raise _date_error(
            _("The child's date of birth must be a real date, in numbers"),
            "invalid_date",
            not_numbers,
        )
    if len(parts["year"]) != 4:
        raise _date_error(_("Year must include 4 numbers, like 2019"), "invalid_year", ["year"])
    day_n, month_n, year_n = (int(parts[name]) for name in DATE_PARTS)
    try:
        born = datetime.date(year_n, month_n, day_n)
    except (ValueError, OverflowError) as exc:  # 31 February; a day of 9999999999
        wrong = ["month"] if not 1 <= month_n <= 12 else ["day"]
        raise _date_error(
            _("The child's date of birth must be a real date"), "invalid_date", wrong
        ) from exc
    if born > today:
        raise _date_error(_("The child's date of birth must be today or in the past"), "future")
    if age_on(born, today) > OLDEST_CHILD_AGE:
        raise _date_error(
            _(
                "The child must be %(age)s or younger. Phone us if you are not sure VIG is "
                "right for you"
            )
            % {"age": OLDEST_CHILD_AGE},
            "too_old",
        )
    return born
