"""What the site keeps in sessions that may name a family, and how an erasure clears it.

Two things can: a visitor's answers in progress on a form (keys starting with INTAKE_PREFIX,
each {"data": {input name: [values typed]}, ...}; see referrals.intake.answers) and a staff member's
recent triage searches (SEARCH_SESSION_KEY: the terms typed into the queue's search box, kept
server-side so they never go into a URL). Erasing a person's details must leave no copy in
either, and must touch nobody else's.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils.module_loading import import_string

from referrals.intake.answers import SESSION_PREFIX as INTAKE_PREFIX

SEARCH_SESSION_KEY = "triage-searches"
SHORTEST_NAME_PART = 3  # shorter parts of a name ("Jo") are too vague to be about one person


def _compact(text):
    return "".join(str(text).split()).casefold()


def _digits(text):
    return "".join(ch for ch in str(text) if ch.isdigit())


@dataclass
class Person:
    """One person's identifiers, as an erasure forgets them."""

    emails: set = field(default_factory=set)
    phones: set = field(default_factory=set)  # digits only, as +44… and as 0…
    names: set = field(default_factory=set)  # full names, compacted
    name_words: set = field(default_factory=set)  # the words of their names, 3 letters or more
    postcodes: set = field(default_factory=set)  # compacted

    def add_search_word(self, word):
        """A word staff may have searched by that finds the person (a child's first name):
        their saved searches of it go, but nobody's answers are matched against it."""
        if word and len(word.strip()) >= SHORTEST_NAME_PART:
            self.name_words.add(word.strip().casefold())

    def add(self, *, email="", phone="", name="", postcode=""):
        if email:
            self.emails.add(email.strip().casefold())
        if phone:
            digits = _digits(phone)
            self.phones.add(digits)
            if digits.startswith("44"):
                self.phones.add("0" + digits[2:])
        if name and _compact(name):
            self.names.add(_compact(name))
            self.name_words |= {
                word.casefold() for word in name.split() if len(word) >= SHORTEST_NAME_PART
            }
        if postcode and _compact(postcode):
            self.postcodes.add(_compact(postcode))

    def __bool__(self):
        return bool(self.emails or self.phones or self.names)

    def is_their_answer(self, value):
        """A value a visitor typed that is one of this person's identifiers, exactly."""
        value = str(value)
        return (
            value.strip().casefold() in self.emails
            or (len(_digits(value)) >= 10 and _digits(value) in self.phones)
            or _compact(value) in self.names
        )

    def is_about_them(self, term):
        """A staff search term that would find this person: one of their identifiers, a whole
        word of their name (three letters or more), or their postcode."""
        compact = _compact(term)
        if not compact:
            return False
        return self.is_their_answer(term) or compact in self.postcodes or compact in self.name_words


def _their_intake(record, person):
    data = record.get("data", {}) if isinstance(record, dict) else {}
    return any(
        person.is_their_answer(value)
        for values in data.values()
        for value in (values if isinstance(values, list) else [values])
    )


def forget_person(person):
    """Remove, from every stored session, answers in progress that hold one of the person's
    identifiers and triage search terms that would find them. Returns how many sessions
    changed. Nothing else in a session, nor anyone else's answers, is touched."""
    if not person:
        return 0
    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    changed = 0
    for session in Session.objects.iterator():
        store = store_class()
        data = store.decode(session.session_data)
        before = dict(data)
        for key in [k for k in data if k.startswith(INTAKE_PREFIX)]:
            if _their_intake(data[key], person):
                del data[key]
        searches = data.get(SEARCH_SESSION_KEY)
        if isinstance(searches, dict):
            data[SEARCH_SESSION_KEY] = {
                token: term for token, term in searches.items() if not person.is_about_them(term)
            }
        if data != before:
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])
            changed += 1
    return changed
