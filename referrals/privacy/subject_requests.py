"""Subject access (UK GDPR article 15) and erasure (article 17) requests, answered by Managers.

`find_cases` finds every referral and enquiry that holds a person, by the people each kind of
case describes (referrals.cases.kinds.Person): by email, by phone, or by name with postcode.
`access_report` gathers everything held on those cases into one document (answers, history,
notes, emails sent, who viewed or exported the case) and records that a copy was given.
`erase` removes the person's details from those cases now, with a reason, and records it; it
also clears answers in progress and triage search terms that mention them from every session.

Neither keeps the search terms: the SubjectRequest record says what was searched by ("email"),
never the values, and lists the cases by reference only.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from referrals.cases import audit
from referrals.cases.display import display_name
from referrals.cases.kinds import ERASED_TEXT, KINDS, kind_of
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    CaseExport,
    CaseNote,
    Intervention,
    OutboundEmail,
    RecipientRole,
    SubjectRequestKind,
)
from referrals.outbox.sending import render_message  # subjects rendered as they were sent
from referrals.privacy.sessions import Person as SessionPerson
from referrals.privacy.sessions import forget_person
from referrals.triage.services import _bump, _record, remove_personal_details

ANSWER_SUBJECT_REQUESTS = "referrals.answer_subject_requests"

EMAIL = "email"
PHONE = "phone"
NAME_AND_POSTCODE = "name and postcode"
NAME_ONLY = "name only"  # a case that holds no postcode for the person: check it is them
NAME_BIRTH_AND_POSTCODE = "first name, date of birth and postcode"  # a child or young person


@dataclass(frozen=True)
class Criteria:
    """What a Manager searches by, already normalised (email lower-cased, phone as +44…,
    postcode as 'EH54 6FF', name with single spaces)."""

    email: str = ""
    phone: str = ""
    name: str = ""
    postcode: str = ""
    date_of_birth: object = None  # a date: finds a child or young person with name and postcode

    @property
    def matched_on(self):
        """What was searched by, for the record: the criteria's names, never their values."""
        names = [EMAIL] if self.email else []
        names += [PHONE] if self.phone else []
        names += ["name", "postcode"] if self.name and self.postcode else []
        names += ["name"] if self.name and not self.postcode else []
        names += ["date of birth"] if self.date_of_birth else []
        return names


@dataclass
class Match:
    """A case that holds the person, and as whom: [(Person, [how it matched])]."""

    case: object
    people: list = field(default_factory=list)

    @property
    def whole_case(self):
        """True when the case is about the person (not only their details as a referrer)."""
        return any(not person.erase for person, _ in self.people)

    @property
    def roles(self):
        return [person.role for person, _ in self.people]

    @property
    def how(self):
        return sorted({how for _, hows in self.people for how in hows})

    @property
    def needs_checking(self):
        return self.how == [NAME_ONLY]


def _require(user):
    if user is None or not user.has_perm(ANSWER_SUBJECT_REQUESTS):
        raise PermissionDenied("You do not have permission to answer subject requests.")


def _same_name(a, b):
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def _how_person_matches(case, person, criteria):
    how = []
    if criteria.email and person.email and getattr(case, person.email).lower() == criteria.email:
        how.append(EMAIL)
    if criteria.phone and person.phone and getattr(case, person.phone) == criteria.phone:
        how.append(PHONE)
    if criteria.name and person.name and _same_name(getattr(case, person.name), criteria.name):
        if person.born:
            if (
                criteria.date_of_birth
                and getattr(case, person.born) == criteria.date_of_birth
                and getattr(case, person.postcode) == criteria.postcode
            ):
                how.append(NAME_BIRTH_AND_POSTCODE)
        elif person.postcode:
            if criteria.postcode and getattr(case, person.postcode) == criteria.postcode:
                how.append(NAME_AND_POSTCODE)
        else:
            how.append(NAME_ONLY)
    return how


def _person_query(person, criteria):
    query = Q(pk__in=[])
    if criteria.email and person.email:
        query |= Q(**{f"{person.email}__iexact": criteria.email})
    if criteria.phone and person.phone:
        query |= Q(**{person.phone: criteria.phone})
    if criteria.name and person.name:
        by_name = Q(**{f"{person.name}__iexact": criteria.name})
        if person.born:
            if criteria.date_of_birth and criteria.postcode:
                query |= by_name & Q(
                    **{person.born: criteria.date_of_birth, person.postcode: criteria.postcode}
                )
        elif person.postcode:
            if criteria.postcode:
                query |= by_name & Q(**{person.postcode: criteria.postcode})
        else:
            query |= by_name
    return query


def find_cases(criteria, *, by):
    """Every referral and enquiry holding the person (not already anonymised), newest first."""
    _require(by)
    matches = []
    for kind in KINDS:
        query = Q(pk__in=[])
        for person in kind.people:
            query |= _person_query(person, criteria)
        for case in kind.model.objects.filter(query, anonymised_at__isnull=True):
            match = Match(case)
            for person in kind.people:
                how = _how_person_matches(case, person, criteria)
                if how:
                    match.people.append((person, how))
            if match.people:
                matches.append(match)
    matches.sort(key=lambda m: (m.case.received_at, m.case.pk), reverse=True)
    return matches


def _when(moment):
    return timezone.localtime(moment).strftime("%-d %B %Y %H:%M") if moment else ""


def _value(case, model_field):
    if model_field.is_relation:
        related = getattr(case, model_field.name)
        if isinstance(related, get_user_model()):
            return display_name(related)
        return "" if related is None else str(related)
    value = getattr(case, model_field.name)
    if model_field.choices:
        return getattr(case, f"get_{model_field.name}_display")() if value else ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateTimeField):
        return _when(value)
    if isinstance(model_field, models.DateField):
        return f"{value:%-d %B %Y}" if value else ""
    return "" if value is None else str(value)


# Bookkeeping that says nothing about the person.
NOT_PERSONAL = {"id", "version"}


def held_answers(case, skip=(), only=None):
    """Every field a record holds that has a value (or only those named), in the model's
    order, as (label, value)."""
    answers = []
    for model_field in case._meta.concrete_fields:
        if model_field.name in NOT_PERSONAL or model_field.name in skip:
            continue
        if only is not None and model_field.name not in only:
            continue
        value = _value(case, model_field)
        if value != "":
            label = str(model_field.verbose_name)
            answers.append({"label": label[:1].upper() + label[1:], "value": value})
    return answers


def _emails(case, recipient_role=None):
    rows = []
    messages = OutboundEmail.objects.filter(**case.link()).order_by("created_at", "id")
    if recipient_role:
        messages = messages.filter(recipient_role=recipient_role)
    for message in messages:
        subject, _, _ = render_message(message)
        rows.append(
            {
                "queued": _when(message.created_at),
                "sent": _when(message.sent_at),
                "to": message.get_recipient_role_display(),
                "subject": subject,
                "state": message.get_state_display(),
            }
        )
    return rows


def access_log(case):
    """Who viewed or exported the case, and when, from the audit log and the export records."""
    rows = [
        {"when": entry.timestamp, "who": display_name(entry.user, nobody="System"), "what": what}
        for entry in ModelLogEntry.objects.for_instance(case)
        .filter(action__in=(audit.VIEW, audit.SUBJECT_ACCESS))
        .select_related("user")
        for what in [
            "Viewed the case" if entry.action == audit.VIEW else "Gave a copy to the person"
        ]
    ]
    exports = CaseExport.objects.select_related("user")
    if connection.features.supports_json_field_contains:
        exports = exports.filter(references__contains=[case.reference])
    for export in exports.iterator():  # (SQLite cannot look inside a JSON list: checked here)
        if case.reference in export.references:
            rows.append(
                {
                    "when": export.created_at,
                    "who": display_name(export.user, nobody="System"),
                    "what": f"Exported in a list ({export.file_format.upper()})",
                }
            )
    rows.sort(key=lambda row: row["when"])
    return [{**row, "when": _when(row["when"])} for row in rows]


def _casework(case):
    """What the Guider recorded with the family (referrals only), every field of it."""
    intervention = Intervention.objects.filter(**{kind_of(case).name: case}).first()
    if intervention is None:
        return None
    return {
        "record": held_answers(intervention, skip={"referral"}),
        "consents": [held_answers(c, skip={"intervention"}) for c in intervention.consents.all()],
        "goals": [
            {
                "goal": goal.text,
                "ratings": [
                    held_answers(rating, skip={"goal"})
                    for rating in goal.ratings.select_related("cycle")
                ],
            }
            for goal in intervention.goals.all()
        ],
        "cycles": [held_answers(c, skip={"intervention"}) for c in intervention.cycles.all()],
    }


def case_document(match):
    """Everything the case holds about the person. A case about them (they are the family):
    all of it. A case where they are only the referring professional: their own details, the
    notes that mention them and the emails sent to them, never the family's."""
    case = match.case
    kind = kind_of(case)
    document = {
        "reference": case.reference,
        "kind": str(kind.model._meta.verbose_name),
        "received": _when(case.received_at),
        "status": kind.status_label(case.status),
        "held_as": match.roles,
    }
    notes = CaseNote.objects.filter(**case.link()).select_related("author")
    if not match.whole_case:
        own = {name for person, _ in match.people for name in person.fields}
        values = [v for person, _ in match.people for v in _person_values(case, person)]
        return {
            **document,
            "answers": held_answers(case, only=own),
            "history": [],
            "notes": [_note(note) for note in notes if _without(note.text, values) != note.text],
            "casework": None,
            "emails": _emails(case, recipient_role=RecipientRole.REFERRER),
            "access": access_log(case),
        }
    return {
        **document,
        "answers": held_answers(case),
        "history": [
            {
                "when": _when(event.created_at),
                "what": event.get_action_display(),
                "by": display_name(event.actor, nobody="The family or the system"),
                "from": kind.status_label(event.from_status),
                "to": kind.status_label(event.to_status),
                "detail": event.detail,
            }
            for event in CaseEvent.objects.filter(**case.link()).select_related("actor")
        ],
        "notes": [_note(note) for note in notes],
        "casework": _casework(case) if kind.related else None,
        "emails": _emails(case),
        "access": access_log(case),
    }


def _note(note):
    return {"when": _when(note.created_at), "by": display_name(note.author), "text": note.text}


def access_report(matches, criteria, *, by):
    """Everything held on these cases, as one document (a dict, for HTML or JSON), recorded as
    a subject access request answered by `by`. The record comes first, so the document lists
    this copy among the case's accesses."""
    _require(by)
    if not matches:
        raise ValueError("A subject access report needs at least one case.")
    request = audit.log_subject_request(
        user=by,
        kind=SubjectRequestKind.ACCESS,
        cases=[m.case for m in matches],
        matched_on=criteria.matched_on,
    )
    return {
        "title": "What we hold about you",
        "request": request.pk,
        "prepared": _when(request.created_at),
        "prepared_by": display_name(by),
        "cases": [case_document(m) for m in matches],
    }


def _person_values(case, person):
    """The person's identifiers as the team might have written them in free text."""
    values = [getattr(case, name) for name in (person.email, person.phone, person.name) if name]
    if person.phone and getattr(case, person.phone).startswith("+44"):
        values.append("0" + getattr(case, person.phone)[3:])  # as people write it: 07700…
    return [value for value in values if value]


def _identifiers(match, forget):
    """Add the matched people's identifiers to `forget` (a referrals.privacy.sessions.Person)."""
    for person, _ in match.people:
        if person.born:  # a first name alone is not theirs only: staff searches of it go
            forget.add_search_word(getattr(match.case, person.name, ""))
            continue
        forget.add(
            email=getattr(match.case, person.email, "") if person.email else "",
            phone=getattr(match.case, person.phone, "") if person.phone else "",
            name=getattr(match.case, person.name, "") if person.name else "",
            postcode=getattr(match.case, person.postcode, "") if person.postcode else "",
        )
        if not person.erase:  # the whole case is about them: staff may have searched the child
            forget.add_search_word(getattr(match.case, "child_first_name", ""))


# What the record keeps: nothing in it may say who the person was ---------------------------
#
# The SubjectRequest outlives the person's details, and its only free text is the erasure's
# reason. Each rule below refuses one kind of identifier in it, and says which, never what.

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


class SubjectRequestError(ValueError):
    """A request that cannot be carried out as asked; the message is safe to show."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _text_fields(locked):
    """The case's own free-text fields and its related rows' (what retention removes)."""
    kind = kind_of(locked)
    own = [
        name
        for name in kind.anonymise
        if isinstance(locked._meta.get_field(name), (models.CharField, models.TextField))
    ]
    return own, kind.related


def _erase_person(locked, person, values):
    """Only this person's own fields (a referring professional), and their details wherever
    the case's free text or the team's notes and history repeat them."""
    own, related = _text_fields(locked)
    changes = dict.fromkeys(person.erase, "")
    for name in own:
        if name not in changes:
            text = getattr(locked, name) or ""
            if _without(text, values) != text:
                changes[name] = _without(text, values)
    _bump(locked, **changes)
    for rule in related:
        for row in rule.model.objects.filter(**{rule.link: locked}):
            updates = {
                name: _without(getattr(row, name), values)
                for name in rule.fields
                if _without(getattr(row, name), values) != getattr(row, name)
            }
            if updates:
                rule.model.objects.filter(pk=row.pk).update(**updates)
    for note in CaseNote.objects.filter(**locked.link()):
        text = _without(note.text, values)
        if text != note.text:
            CaseNote.objects.filter(pk=note.pk).update(text=text)
    for event in CaseEvent.objects.filter(**locked.link()).exclude(detail=""):
        detail = _without(event.detail, values)
        if detail != event.detail:
            CaseEvent.objects.filter(pk=event.pk).update(detail=detail)
    emails = [v for v in values if "@" in v]
    for address in emails:
        OutboundEmail.objects.filter(**locked.link(), to_address__iexact=address).update(
            to_address=""
        )


def _without(text, values):
    for value in values:
        if value:
            text = _replace_casefold(text, value, ERASED_TEXT)
    return text


def _replace_casefold(text, old, new):
    lowered, target = text.casefold(), old.casefold()
    if len(lowered) != len(text):  # a casefold that changes length: fall back to exact
        return text.replace(old, new)
    out, start = [], 0
    while (found := lowered.find(target, start)) != -1:
        out += [text[start:found], new]
        start = found + len(target)
    return "".join([*out, text[start:]])


@transaction.atomic
def erase(matches, criteria, *, by, reason):
    """Remove the person's details from these cases now; return the SubjectRequest record.

    A case about the person is anonymised as retention would (with ERASED_TEXT as the marker)
    and, if still open, closed; where they are only the referring professional, their own
    details go. Then every session forgets answers in progress and search terms about them.
    """
    _require(by)
    reason = " ".join((reason or "").split())
    if not reason:
        raise SubjectRequestError("Give the reason for the erasure.", field="reason")
    if not matches:
        raise SubjectRequestError("An erasure needs at least one case.")
    broken = broken_rules(reason, identifiers_of(matches))
    if broken:
        message = " ".join([*(rule.message for rule in broken), KEPT_AFTER])
        raise SubjectRequestError(message, field="reason")
    forget = SessionPerson()
    for match in matches:
        _identifiers(match, forget)
    erased = []
    for match in matches:
        kind = kind_of(match.case)
        locked = type(match.case).objects.select_for_update().get(pk=match.case.pk)
        if locked.anonymised_at is not None:
            continue
        locked_match = Match(locked, match.people)
        source = locked.status
        if locked_match.whole_case:
            changes = {}
            if source not in kind.finished:
                now = timezone.now()
                changes = {"status": kind.finished[0], "status_changed_at": now, "closed_at": now}
            remove_personal_details(locked, marker=ERASED_TEXT, **changes)
        else:
            values = [v for person, _ in match.people for v in _person_values(locked, person)]
            for person, _ in locked_match.people:
                _erase_person(locked, person, values)
        _record(
            locked,
            CaseEventAction.ERASED,
            by=by,
            from_status=source if locked.status != source else "",
            to_status=locked.status if locked.status != source else "",
            detail="" if locked_match.whole_case else f"Removed: {', '.join(locked_match.roles)}",
        )
        erased.append(locked)
    request = audit.log_subject_request(
        user=by,
        kind=SubjectRequestKind.ERASURE,
        cases=erased,
        matched_on=criteria.matched_on,
        reason=reason,
    )
    forget_person(forget)  # in the same transaction: all of it happens, or none
    return request
