"""Erasure (UK GDPR article 17): the person's details go from the cases found for them now.

A case about the person (they are the family) is anonymised as retention would, with
ERASED_TEXT as the marker, and closed if still open; where they are only the referring
professional, only their own details go, wherever the case repeats them. The reason is kept in
the SubjectRequest record, so it may not say who they were (referrals.privacy.erasure_reason).
Every session then forgets answers in progress and triage search terms about them.
"""

from django.db import models, transaction
from django.utils import timezone

from referrals.cases import audit
from referrals.cases.history import bump, record
from referrals.cases.kinds import ERASED_TEXT, kind_of
from referrals.models import CaseEvent, CaseEventAction, CaseNote, OutboundEmail, SubjectRequestKind
from referrals.privacy.erasure_reason import KEPT_AFTER, broken_rules, identifiers_of
from referrals.privacy.sessions import Person as SessionPerson
from referrals.privacy.sessions import forget_person
from referrals.privacy.subject_requests import Match, mentions, person_values, require, without
from referrals.triage.services import remove_personal_details

__all__ = ["SubjectRequestError", "erase", "erase_their_details", "erase_whole_case"]


class SubjectRequestError(ValueError):
    """A request that cannot be carried out as asked; the message is safe to show."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


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


def _text_fields(locked):
    """The case's own free-text fields and its related rows' (what retention removes)."""
    kind = kind_of(locked)
    own = [
        name
        for name in kind.anonymise
        if isinstance(locked._meta.get_field(name), (models.CharField, models.TextField))
    ]
    return own, kind.related


def _scrub(rows, fields, values):
    """Write `values` out of `fields` of every row that repeats them."""
    for row in rows:
        updates = {
            name: without(getattr(row, name), values)
            for name in fields
            if mentions(getattr(row, name), values)
        }
        if updates:
            type(row).objects.filter(pk=row.pk).update(**updates)


def _erase_person(locked, person, values):
    """Only this person's own fields (a referring professional), and their details wherever
    the case's free text, its related rows, or the team's notes and history repeat them."""
    own, related = _text_fields(locked)
    changes = dict.fromkeys(person.erase, "")
    for name in own:
        text = getattr(locked, name) or ""
        if name not in changes and mentions(text, values):
            changes[name] = without(text, values)
    bump(locked, **changes)
    for rule in related:
        _scrub(rule.model.objects.filter(**{rule.link: locked}), rule.fields, values)
    _scrub(CaseNote.objects.filter(**locked.link()), ["text"], values)
    _scrub(CaseEvent.objects.filter(**locked.link()).exclude(detail=""), ["detail"], values)
    for address in (v for v in values if "@" in v):
        OutboundEmail.objects.filter(**locked.link(), to_address__iexact=address).update(
            to_address=""
        )
    for number in (v for v in values if v.startswith("+")):  # a mobile, stored as +44…
        OutboundEmail.objects.filter(**locked.link(), to_phone=number).update(to_phone="")


def _check_request(matches, reason):
    """What an erasure needs before anything goes: a reason, a case, and a reason that does
    not say who the person was (it is kept)."""
    if not reason:
        raise SubjectRequestError("Give the reason for the erasure.", field="reason")
    if not matches:
        raise SubjectRequestError("An erasure needs at least one case.")
    broken = broken_rules(reason, identifiers_of(matches))
    if broken:
        message = " ".join([*(rule.message for rule in broken), KEPT_AFTER])
        raise SubjectRequestError(message, field="reason")


def erase_whole_case(locked):
    """A case about the person (they are the family): anonymised as retention would, with
    ERASED_TEXT as the marker, and closed if still open."""
    kind = kind_of(locked)
    changes = {}
    if locked.status not in kind.finished:
        now = timezone.now()
        changes = {"status": kind.finished[0], "status_changed_at": now, "closed_at": now}
    return remove_personal_details(locked, marker=ERASED_TEXT, **changes)


def erase_their_details(locked, people):
    """A case where they are only the referring professional: their own fields go, and their
    details wherever the case repeats them; the family's stay. `people`: [(Person, how)]."""
    values = [v for person, _ in people for v in person_values(locked, person)]
    for person, _ in people:
        _erase_person(locked, person, values)
    return locked


def _erase_case(match, *, by):
    """Erase the person from one case, under its row lock, and record it in its history.
    None when the case was anonymised meanwhile (nothing left to erase)."""
    locked = type(match.case).objects.select_for_update().get(pk=match.case.pk)
    if locked.anonymised_at is not None:
        return None
    locked_match = Match(locked, match.people)
    source = locked.status
    if locked_match.whole_case:
        erase_whole_case(locked)
    else:
        erase_their_details(locked, locked_match.people)
    moved = locked.status != source
    record(
        locked,
        CaseEventAction.ERASED,
        by=by,
        from_status=source if moved else "",
        to_status=locked.status if moved else "",
        detail="" if locked_match.whole_case else f"Removed: {', '.join(locked_match.roles)}",
    )
    return locked


@transaction.atomic
def erase(matches, criteria, *, by, reason):
    """Remove the person's details from these cases now; return the SubjectRequest record.

    A case about the person is erased whole (`erase_whole_case`); where they are only the
    referring professional, their own details go (`erase_their_details`). Then every session
    forgets answers in progress and search terms about them.
    """
    require(by)
    reason = " ".join((reason or "").split())
    _check_request(matches, reason)
    forget = SessionPerson()
    for match in matches:
        _identifiers(match, forget)
    erased = [case for match in matches if (case := _erase_case(match, by=by)) is not None]
    request = audit.log_subject_request(
        user=by,
        kind=SubjectRequestKind.ERASURE,
        cases=erased,
        matched_on=criteria.matched_on,
        reason=reason,
    )
    forget_person(forget)  # in the same transaction: all of it happens, or none
    return request
