"""What the site keeps in sessions that may name a family, and how an erasure clears it.

Two things can: a visitor's answers in progress on a form (keys starting with INTAKE_PREFIX)
and a staff member's recent triage searches (SEARCH_SESSION_KEY: the terms typed into the
queue's search box, kept server-side so they never go into a URL). Erasing a person's details
must leave no copy in either.
"""

import json

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils.module_loading import import_string

INTAKE_PREFIX = "intake:"
SEARCH_SESSION_KEY = "triage-searches"
SHORTEST_SEARCH_TERM = 3  # shorter terms ("a", "sm") are too vague to be about one person


def _compact(text):
    return "".join(str(text).split()).casefold()


def _mentions(text, needles):
    compact = _compact(text)
    return any(needle in compact for needle in needles)


def _search_term_is_about(term, needles):
    term = _compact(term)
    if not term:
        return False
    return any(
        needle in term or (len(term) >= SHORTEST_SEARCH_TERM and term in needle)
        for needle in needles
    )


def forget_person(values):
    """Remove, from every stored session, answers in progress and triage search terms that
    mention any of `values` (a person's name, email, phone, postcode...). Returns how many
    sessions were changed. Sessions holding nothing else about anyone are left in place."""
    needles = {_compact(value) for value in values if value and _compact(value)}
    if not needles:
        return 0
    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    changed = 0
    for session in Session.objects.iterator():
        store = store_class()
        data = store.decode(session.session_data)
        before = dict(data)
        for key in [k for k in data if k.startswith(INTAKE_PREFIX)]:
            if _mentions(json.dumps(data[key], default=str, ensure_ascii=False), needles):
                del data[key]
        searches = data.get(SEARCH_SESSION_KEY)
        if isinstance(searches, dict):
            kept = {
                token: term
                for token, term in searches.items()
                if not _search_term_is_about(term, needles)
            }
            data[SEARCH_SESSION_KEY] = kept
        if data != before:
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])
            changed += 1
    return changed
