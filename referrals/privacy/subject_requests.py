"""Subject requests (UK GDPR articles 15 and 17), answered by Managers: finding the person.

`find_cases` finds every referral and enquiry that holds a person, by the people each kind of
case describes (referrals.cases.kinds.Person), and says as whom and how each case matched.
Each way a person is found (by email, by phone, or by name with postcode) is a named rule in
`MATCH_RULES`. What is then done with the cases lives beside this: the copy of everything held
in referrals.privacy.subject_access, the erasure in referrals.privacy.erasure.

Neither keeps the search terms: the SubjectRequest record says what was searched by ("email"),
never the values, and lists the cases by reference only.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from referrals import permissions as perms
from referrals.cases.kinds import ERASED_TEXT, KINDS

__all__ = [
    "ANSWER_SUBJECT_REQUESTS",
    "MATCH_RULES",
    "Criteria",
    "Match",
    "MatchRule",
    "find_cases",
    "mentions",
    "person_values",
    "require",
    "without",
]

ANSWER_SUBJECT_REQUESTS = perms.ANSWER_SUBJECT_REQUESTS

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


def require(user):
    """Only those who answer subject requests (Managers) may search for a person."""
    if user is None or not user.has_perm(ANSWER_SUBJECT_REQUESTS):
        raise PermissionDenied("You do not have permission to answer subject requests.")


# How a person is found --------------------------------------------------------------------------
#
# Each rule is one way a case's person can be the one searched for: the query that finds the
# cases in the database (None: this way cannot find this person with these criteria), and the
# check that says, of a case found, whether this person on it matched this way.


def _same_name(a, b):
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def _named(case, person, criteria):
    return bool(
        criteria.name and person.name and _same_name(getattr(case, person.name), criteria.name)
    )


def _by_name(person, criteria):
    return Q(**{f"{person.name}__iexact": criteria.name})


@dataclass(frozen=True)
class MatchRule:
    how: str  # what the Manager is shown: EMAIL, PHONE, NAME_AND_POSTCODE, …
    query: Callable  # (Person, Criteria) -> Q, or None
    matches: Callable  # (case, Person, Criteria) -> bool


def _email_query(person, criteria):
    if criteria.email and person.email:
        return Q(**{f"{person.email}__iexact": criteria.email})
    return None


def _email_matches(case, person, criteria):
    return bool(
        criteria.email and person.email and getattr(case, person.email).lower() == criteria.email
    )


def _phone_query(person, criteria):
    if criteria.phone and person.phone:
        return Q(**{person.phone: criteria.phone})
    return None


def _phone_matches(case, person, criteria):
    return bool(criteria.phone and person.phone and getattr(case, person.phone) == criteria.phone)


def _child_query(person, criteria):
    """A child or young person: first name, date of birth and postcode, all three."""
    if criteria.name and person.name and person.born and criteria.date_of_birth:
        if criteria.postcode:
            return _by_name(person, criteria) & Q(
                **{person.born: criteria.date_of_birth, person.postcode: criteria.postcode}
            )
    return None


def _child_matches(case, person, criteria):
    return bool(
        person.born
        and _named(case, person, criteria)
        and criteria.date_of_birth
        and getattr(case, person.born) == criteria.date_of_birth
        and getattr(case, person.postcode) == criteria.postcode
    )


def _name_and_postcode_query(person, criteria):
    if criteria.name and person.name and not person.born and person.postcode:
        if criteria.postcode:
            return _by_name(person, criteria) & Q(**{person.postcode: criteria.postcode})
    return None


def _name_and_postcode_matches(case, person, criteria):
    return bool(
        not person.born
        and person.postcode
        and _named(case, person, criteria)
        and criteria.postcode
        and getattr(case, person.postcode) == criteria.postcode
    )


def _name_only_query(person, criteria):
    """Someone the case holds no postcode for: by name alone (the Manager checks it is them)."""
    if criteria.name and person.name and not person.born and not person.postcode:
        return _by_name(person, criteria)
    return None


def _name_only_matches(case, person, criteria):
    return bool(not person.born and not person.postcode and _named(case, person, criteria))


MATCH_RULES = (
    MatchRule(EMAIL, _email_query, _email_matches),
    MatchRule(PHONE, _phone_query, _phone_matches),
    MatchRule(NAME_BIRTH_AND_POSTCODE, _child_query, _child_matches),
    MatchRule(NAME_AND_POSTCODE, _name_and_postcode_query, _name_and_postcode_matches),
    MatchRule(NAME_ONLY, _name_only_query, _name_only_matches),
)


def _person_query(person, criteria):
    query = Q(pk__in=[])
    for rule in MATCH_RULES:
        found = rule.query(person, criteria)
        if found is not None:
            query |= found
    return query


def _how_person_matches(case, person, criteria):
    return [rule.how for rule in MATCH_RULES if rule.matches(case, person, criteria)]


def find_cases(criteria, *, by):
    """Every referral and enquiry holding the person (not already anonymised), newest first."""
    require(by)
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


# What the case holds of them in free text ---------------------------------------------------


def person_values(case, person):
    """The person's identifiers as the team might have written them in free text."""
    values = [getattr(case, name) for name in (person.email, person.phone, person.name) if name]
    if person.phone and getattr(case, person.phone).startswith("+44"):
        values.append("0" + getattr(case, person.phone)[3:])  # as people write it: 07700…
    return [value for value in values if value]


def without(text, values, marker=ERASED_TEXT):
    """`text` with each of `values` (in any case) replaced by `marker`."""
    for value in values:
        if value:
            text = _replace_casefold(text, value, marker)
    return text


def mentions(text, values):
    """True when `text` repeats any of `values` (in any case)."""
    return without(text, values) != text


def _replace_casefold(text, old, new):
    lowered, target = text.casefold(), old.casefold()
    if len(lowered) != len(text):  # a casefold that changes length: fall back to exact
        return text.replace(old, new)
    out, start = [], 0
    while (found := lowered.find(target, start)) != -1:
        out += [text[start:found], new]
        start = found + len(target)
    return "".join([*out, text[start:]])
