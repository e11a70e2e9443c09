"""What an erasure's record keeps: nothing in it may say who the person was.

The SubjectRequest outlives the person's details, and its only free text is the erasure's
reason. Each rule in `KEPT_TEXT_RULES` refuses one kind of identifier in it, and says which,
never what. referrals.privacy.erasure checks the reason with `broken_rules` before erasing.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from referrals.cases.kinds import kind_of

__all__ = ["KEPT_AFTER", "KEPT_TEXT_RULES", "Identifiers", "broken_rules", "identifiers_of"]

SHORTEST_NAME_PART = 2  # an initial ("J") alone names nobody; "Li" or "Jo" can


@dataclass
class Identifiers:
    """What would say who the people being erased were, as the rules compare it."""

    name_words: set = field(default_factory=set)  # each word of an adult's name, folded
    full_names: set = field(default_factory=set)  # whole, its letters only: joannsmith
    child_names: set = field(default_factory=set)  # a child's first name (its words), folded
    emails: set = field(default_factory=set)  # folded
    phones: set = field(default_factory=set)  # the digits after +44 or 0: 7700900123
    postcodes: set = field(default_factory=set)  # upper case, no spaces: EH546FF


def _fold(text):
    """Lower case, accents off: 'Zoë' and 'ZOE' are the same word."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _words(text):
    return set(re.findall(r"[^\W\d_]+", _fold(text)))


def _letters(text):
    return "".join(re.findall(r"[^\W\d_]+", _fold(text)))


def _national_digits(phone):
    digits = "".join(ch for ch in str(phone) if ch.isdigit())
    if digits.startswith("44"):
        return digits[2:]
    return digits.removeprefix("0")


def _people_to_check(match):
    """Whom the case describes that the erasure is about: everyone in a family's case (the
    parent, the child); only the professional where they alone asked."""
    matched = [person for person, _ in match.people]
    if not match.whole_case:
        return matched
    family = [person for person in kind_of(match.case).people if not person.erase]
    return [*family, *(person for person in matched if person not in family)]


def identifiers_of(matches):
    found = Identifiers()
    for match in matches:
        case = match.case
        for person in _people_to_check(match):
            name = getattr(case, person.name, "") if person.name else ""
            words = {word for word in _words(name) if len(word) >= SHORTEST_NAME_PART}
            if person.born:
                found.child_names |= words
                continue
            found.name_words |= words
            if len(_letters(name)) >= 6:  # shorter, run together, it is in ordinary words
                found.full_names.add(_letters(name))
            email = getattr(case, person.email, "") if person.email else ""
            phone = getattr(case, person.phone, "") if person.phone else ""
            postcode = getattr(case, person.postcode, "") if person.postcode else ""
            if email:
                found.emails.add(_fold(email.strip()))
            if len(_national_digits(phone)) >= 7:
                found.phones.add(_national_digits(phone))
            if len("".join(postcode.split())) >= 5:  # the shortest, "M1 1AA"
                found.postcodes.add("".join(postcode.split()).upper())
    return found


def _names_them(text, ids):
    """A word of their name, or the whole of it run together ("JoBloggs")."""
    letters = _letters(text)
    return bool(_words(text) & ids.name_words) or any(n in letters for n in ids.full_names)


def _names_the_child(text, ids):
    return bool(_words(text) & ids.child_names)


def _gives_their_email(text, ids):
    return any(email in _fold(text) for email in ids.emails)


def _gives_their_phone(text, ids):
    """Any run of digits written as phone numbers are (spaces, dashes, dots, brackets, +)."""
    runs = re.findall(r"\+?\d[\d\s().-]*\d", text)
    numbers = ["".join(ch for ch in run if ch.isdigit()) for run in runs]
    return any(phone in number for phone in ids.phones for number in numbers)


def _gives_their_postcode(text, ids):
    for postcode in ids.postcodes:
        outward, inward = re.escape(postcode[:-3]), re.escape(postcode[-3:])
        if re.search(rf"(?<![^\W_]){outward}\s*{inward}(?![^\W_])", text, re.IGNORECASE):
            return True
    return False


@dataclass(frozen=True)
class KeptTextRule:
    name: str
    breaks: object  # (text, Identifiers) -> bool
    message: str


KEPT_TEXT_RULES = (
    KeptTextRule(
        "name",
        _names_them,
        "Take the person's name out of the reason, and every part of it (a first name or "
        "surname alone is still theirs).",
    ),
    KeptTextRule("child's name", _names_the_child, "Take the child's name out of the reason."),
    KeptTextRule("email", _gives_their_email, "Take their email address out of the reason."),
    KeptTextRule(
        "phone", _gives_their_phone, "Take their phone number out of the reason, in any format."
    ),
    KeptTextRule("postcode", _gives_their_postcode, "Take their postcode out of the reason."),
)
KEPT_AFTER = "The reason is kept after their details are erased."


def broken_rules(text, ids):
    """The rules that free text the record keeps breaks, in order (none: it may be kept)."""
    return [rule for rule in KEPT_TEXT_RULES if rule.breaks(text, ids)]
