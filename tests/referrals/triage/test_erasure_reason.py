"""The reason for an erasure is kept after the person's details go, so it must not say who they
were: no part of their name, nor the child's first name, their email, phone or postcode, in any
spelling or format. One rule each; the Manager is told which, next to the reason, with what they
typed kept and without the details echoed back."""

import pytest
from bs4 import BeautifulSoup

from referrals.models import Referral, ReferralKind, SubjectRequest
from referrals.privacy import erasure, subject_requests
from referrals.privacy.erasure import SubjectRequestError
from referrals.privacy.subject_requests import Criteria
from tests.factories import EnquiryFactory, ReferralFactory

URL = "/admin/referrals/subject-requests/"
EMAIL = "jo.quartermaine@example.invalid"
BY_EMAIL = Criteria(email=EMAIL)


@pytest.fixture
def family(db):
    referral = ReferralFactory(
        contact_name="Jo Ann Quartermaine-Li",
        email=EMAIL,
        phone="+447700900123",
        postcode="EH54 6FF",
        child_first_name="Sammy",
    )
    EnquiryFactory(name="Jo Ann Quartermaine-Li", email=EMAIL)
    return referral


def erase(manager, reason, criteria=BY_EMAIL):
    matches = subject_requests.find_cases(criteria, by=manager)
    assert matches
    return erasure.erase(matches, criteria, by=manager, reason=reason)


def refused(manager, reason, **criteria):
    with pytest.raises(SubjectRequestError) as error:
        erase(manager, reason, **criteria)
    assert error.value.field == "reason"
    assert not SubjectRequest.objects.exists()
    return error.value.message


@pytest.mark.parametrize(
    "reason",
    [
        "Quartermaine asked for erasure",
        "quartermaine phoned the office",
        "Ms QUARTERMAINE-LI wrote in",
        "Jo rang on 3 March",
        "Asked by Ann at reception.",
        "Li emailed us",
        "Jo Ann Quartermaine-Li asked by phone",
        "Asked by JoAnnQuartermaineLi",  # run together
        "Quärtermaine wrote in",  # an accent typed or left off
    ],
)
def test_a_reason_with_any_part_of_the_persons_name_is_refused(manager, family, reason):
    message = refused(manager, reason)

    assert "name" in message
    assert Referral.objects.get(pk=family.pk).contact_name == "Jo Ann Quartermaine-Li"


def test_a_reason_with_the_childs_first_name_is_refused(manager, family):
    message = refused(manager, "sammy's mum asked us to delete everything")

    assert "child" in message


@pytest.mark.parametrize(
    "reason", ["Asked from JO.Quartermaine@Example.invalid", f"Reply went to <{EMAIL}>."]
)
def test_a_reason_with_the_persons_email_is_refused(manager, family, reason):
    assert "email" in refused(manager, reason)


@pytest.mark.parametrize(
    "written",
    ["07700 900123", "+447700900123", "+44 7700 900123", "+44 (0)7700 900 123", "07700-900-123"],
)
def test_a_reason_with_the_persons_phone_in_any_format_is_refused(manager, family, written):
    assert "phone" in refused(manager, f"Rang from {written} on 3 March")


@pytest.mark.parametrize("written", ["EH54 6FF", "eh546ff", "Eh54  6fF"])
def test_a_reason_with_the_persons_postcode_is_refused(manager, family, written):
    assert "postcode" in refused(manager, f"Moved away from {written}.")


def test_a_referring_professionals_name_is_refused_when_they_are_erased(manager, db):
    ReferralFactory(
        kind=ReferralKind.PROFESSIONAL,
        professional_name="Pat Worker",
        professional_email="pat.worker@example.invalid",
        professional_phone="+441506282948",
    )
    criteria = Criteria(email="pat.worker@example.invalid")

    assert "name" in refused(manager, "Worker left the service", criteria=criteria)
    assert "phone" in refused(manager, "Call 01506 282948", criteria=criteria)


@pytest.mark.parametrize(
    "reason",
    [
        "Asked by phone on 3 March 2026; no reason to keep the details.",
        "Jotted down at reception: the family asked us to erase everything.",  # 'Jo' in a word
        "Request ref 7700, answered within a month.",  # digits, but not their number
        "Lives in EH54 now.",  # the district alone is kept anyway
    ],
)
def test_a_reason_that_does_not_say_who_they_were_is_kept(manager, family, reason):
    record = erase(manager, reason)

    assert SubjectRequest.objects.get() == record
    assert record.reason == reason
    assert Referral.objects.get(pk=family.pk).contact_name != "Jo Ann Quartermaine-Li"


def test_the_manager_is_told_next_to_the_reason_keeping_what_they_typed(client, manager, family):
    client.force_login(manager)
    reason = "Quartermaine moved from EH54 6FF"

    response = client.post(
        URL,
        {
            "action": "erase_confirm",
            "email": EMAIL,
            "case": [f"referral-{family.pk}"],
            "reason": reason,
        },
    )

    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    box = soup.find("textarea", attrs={"name": "reason"})
    assert box.get_text().strip() == reason  # nothing typed is lost
    error = soup.find(id=f"{box['id']}_error")
    assert error is not None and box["id"] + "_error" in box["aria-describedby"]
    said = error.get_text(" ", strip=True)
    assert "name" in said and "postcode" in said
    assert "Quartermaine" not in said and "EH54" not in said  # not echoed back
    assert Referral.objects.get(pk=family.pk).contact_name == "Jo Ann Quartermaine-Li"
    assert not SubjectRequest.objects.exists()
