"""The named rules of subject requests, one test each: every way a person is found
(referrals.privacy.subject_requests.MATCH_RULES, both its database query and its check of a
case found) and both ways an erasure removes them (referrals.privacy.erasure)."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from referrals.cases.kinds import ENQUIRY, ERASED_TEXT, REFERRAL
from referrals.models import CaseEvent, CaseEventAction, CaseNote, Referral, ReferralStatus
from referrals.privacy import erasure
from referrals.privacy.erasure import SubjectRequestError
from referrals.privacy.subject_requests import (
    EMAIL,
    MATCH_RULES,
    NAME_AND_POSTCODE,
    NAME_BIRTH_AND_POSTCODE,
    NAME_ONLY,
    PHONE,
    Criteria,
    find_cases,
)
from tests.factories import ReferralFactory

PARENT, CHILD, PROFESSIONAL = REFERRAL.people
ASKING = ENQUIRY.people[0]
RULES = {rule.how: rule for rule in MATCH_RULES}
BORN = date(2019, 5, 17)

CASE = SimpleNamespace(  # a referral's people, as a case found holds them
    email="jo.bloggs@example.invalid",
    phone="+447700900123",
    contact_name="Jo  Bloggs",
    postcode="EH54 6FF",
    child_first_name="Sam",
    child_date_of_birth=BORN,
    professional_email="pat.worker@example.invalid",
    professional_phone="+447700900999",
    professional_name="Pat Worker",
)


def matches(how, person, **criteria):
    return RULES[how].matches(CASE, person, Criteria(**criteria))


def found(how, person, **criteria):
    """The referrals this rule's query finds for this person."""
    query = RULES[how].query(person, Criteria(**criteria))
    return [] if query is None else list(Referral.objects.filter(query))


@pytest.fixture
def held(db):
    return ReferralFactory(
        email=CASE.email,
        phone=CASE.phone,
        contact_name="Jo Bloggs",
        postcode=CASE.postcode,
        child_first_name="Sam",
        child_date_of_birth=BORN,
        professional_email=CASE.professional_email,
        professional_phone=CASE.professional_phone,
        professional_name=CASE.professional_name,
    )


def test_the_rules_are_tried_in_the_order_the_manager_is_shown():
    assert [rule.how for rule in MATCH_RULES] == [
        EMAIL,
        PHONE,
        NAME_BIRTH_AND_POSTCODE,
        NAME_AND_POSTCODE,
        NAME_ONLY,
    ]


def test_by_email_in_any_case(held):
    assert matches(EMAIL, PARENT, email="jo.bloggs@example.invalid")
    assert not matches(EMAIL, PARENT, email="pat.worker@example.invalid")
    assert not matches(EMAIL, CHILD, email="jo.bloggs@example.invalid")  # holds no email
    assert found(EMAIL, PARENT, email="jo.bloggs@example.invalid") == [held]
    assert found(EMAIL, PARENT, email="someone@example.invalid") == []
    assert found(EMAIL, PARENT, phone=CASE.phone) == []  # not searched by email


def test_by_phone(held):
    assert matches(PHONE, PROFESSIONAL, phone="+447700900999")
    assert not matches(PHONE, PARENT, phone="+447700900999")
    assert found(PHONE, PROFESSIONAL, phone="+447700900999") == [held]
    assert found(PHONE, PARENT, phone="+447700900999") == []


def test_a_child_by_first_name_date_of_birth_and_postcode_together(held):
    child = {"name": "sam", "date_of_birth": BORN, "postcode": "EH54 6FF"}
    assert matches(NAME_BIRTH_AND_POSTCODE, CHILD, **child)
    assert found(NAME_BIRTH_AND_POSTCODE, CHILD, **child) == [held]
    for missing in child:
        partial = {**child, missing: None if missing == "date_of_birth" else ""}
        assert not matches(NAME_BIRTH_AND_POSTCODE, CHILD, **partial)
        assert found(NAME_BIRTH_AND_POSTCODE, CHILD, **partial) == []
    assert not matches(NAME_BIRTH_AND_POSTCODE, CHILD, **{**child, "date_of_birth": date.today()})
    assert not matches(NAME_BIRTH_AND_POSTCODE, PARENT, **child)  # an adult has no birth date


def test_an_adult_by_name_and_postcode(held):
    adult = {"name": "jo bloggs", "postcode": "EH54 6FF"}
    assert matches(NAME_AND_POSTCODE, PARENT, **adult)  # spaces and case as typed
    assert found(NAME_AND_POSTCODE, PARENT, **adult) == [held]
    assert not matches(NAME_AND_POSTCODE, PARENT, name="jo bloggs", postcode="EH1 1AA")
    assert not matches(NAME_AND_POSTCODE, PARENT, name="jo bloggs")
    assert found(NAME_AND_POSTCODE, PARENT, name="jo bloggs") == []
    assert not matches(NAME_AND_POSTCODE, CHILD, name="sam", postcode="EH54 6FF")


def test_by_name_only_where_the_case_holds_no_postcode_for_them(held):
    assert matches(NAME_ONLY, PROFESSIONAL, name="pat worker")
    assert found(NAME_ONLY, PROFESSIONAL, name="Pat Worker") == [held]
    asking = SimpleNamespace(name="Jo Bloggs")  # an enquiry holds no postcode at all
    assert RULES[NAME_ONLY].matches(asking, ASKING, Criteria(name="jo bloggs"))
    assert not matches(NAME_ONLY, PARENT, name="jo bloggs")  # they have a postcode: use it
    assert found(NAME_ONLY, PARENT, name="jo bloggs") == []


def test_find_cases_says_as_whom_and_how_each_case_matched(held, manager):
    criteria = Criteria(email="jo.bloggs@example.invalid", name="Pat Worker")
    [match] = find_cases(criteria, by=manager)
    assert match.case == held
    assert match.people == [(PARENT, [EMAIL]), (PROFESSIONAL, [NAME_ONLY])]


# Erasure --------------------------------------------------------------------------------------


def locked(case):
    return type(case).objects.get(pk=case.pk)


def test_a_whole_case_is_anonymised_and_closed_if_open(held):
    before = held.version
    case = erasure.erase_whole_case(locked(held))
    assert case.status == ReferralStatus.CLOSED
    assert case.closed_at is not None
    assert case.anonymised_at is not None
    assert case.contact_name == ERASED_TEXT
    assert case.version == before + 1


def test_a_whole_case_already_closed_keeps_its_closing(db):
    closed_at = datetime(2025, 1, 6, 9, 30, tzinfo=UTC)
    closed = ReferralFactory(status=ReferralStatus.CLOSED, closed_at=closed_at)
    case = erasure.erase_whole_case(locked(closed))
    assert case.status == ReferralStatus.CLOSED
    assert case.closed_at == closed_at


def test_only_their_details_go_where_they_only_referred(held, manager):
    CaseNote.objects.create(referral=held, author=manager, text="Rang pat worker back.")
    case = erasure.erase_their_details(locked(held), [(PROFESSIONAL, [NAME_ONLY])])
    assert (case.professional_name, case.professional_email) == ("", "")
    assert case.contact_name == "Jo Bloggs"  # the family's details stay
    assert case.status == held.status and case.anonymised_at is None
    assert CaseNote.objects.get(referral=held).text == f"Rang {ERASED_TEXT} back."


def test_an_erasure_needs_a_reason_and_a_case(held, manager):
    criteria = Criteria(email="jo.bloggs@example.invalid")
    matches = find_cases(criteria, by=manager)
    with pytest.raises(SubjectRequestError) as error:
        erasure.erase(matches, criteria, by=manager, reason="   ")
    assert error.value.field == "reason"
    with pytest.raises(SubjectRequestError):
        erasure.erase([], criteria, by=manager, reason="Asked by letter.")
    assert locked(held).anonymised_at is None


def test_an_erasure_records_the_move_it_made(held, manager):
    criteria = Criteria(email="jo.bloggs@example.invalid")
    matches = find_cases(criteria, by=manager)
    request = erasure.erase(matches, criteria, by=manager, reason="Asked by letter.")
    event = CaseEvent.objects.get(referral=held, action=CaseEventAction.ERASED)
    assert (event.from_status, event.to_status) == (held.status, ReferralStatus.CLOSED)
    assert request.references == [held.reference]
