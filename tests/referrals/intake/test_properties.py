"""Property: whatever anyone types into any field, the forms never give a server error and
never save a record that breaks our rules."""

import re

import pytest
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from referrals.intake.validators import age_on
from referrals.models import Enquiry, Referral
from tests.intake_journey import send_referral

# Any text a browser could send (surrogates cannot be encoded, so a browser never sends them).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
# Over-long answers, cheaply: one piece of text repeated past every maximum length.
long_text = st.builds(
    lambda piece, times: piece * times, any_text.filter(bool), st.integers(30, 2100)
)
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


REFERRAL_VALID = {
    "contact_name": "O'Neil-Smith",
    "relationship": "parent",
    "relationship_other": "",
    "email": "parent@example.com",
    "phone": "01506 282948",
    "preferred_contact": "",
    "contact_times": "",
    "postcode": "EH54 6FF",
    "child_first_name": "Sam",
    "child_date_of_birth_0": "3",
    "child_date_of_birth_1": "4",
    "child_date_of_birth_2": str(timezone.localdate().year - 5),
    "school_or_nursery": "",
    "what_to_change": "Bedtimes",
    "session_location": "home",
    "session_location_other": "",
    "other_services": "",
    "language": "",
    "access_needs": "",
    "consent_privacy": "on",
    "consent_contact": "on",
    "website": "",
}

SAFE_CONTACT = st.lists(
    st.one_of(st.sampled_from(["email", "text", "phone", "voicemail"]), any_text), max_size=4
)
# A valid referral with up to five answers replaced by arbitrary text, so that both refused
# and saved submissions are explored.
referral_posts = st.builds(
    lambda changes, safe: {**REFERRAL_VALID, **changes, "safe_contact": safe},
    st.dictionaries(
        st.sampled_from(sorted(REFERRAL_VALID)), st.one_of(any_text, long_text), max_size=5
    ),
    st.one_of(st.just(["email", "phone"]), SAFE_CONTACT),
)
ENQUIRY_VALID = {
    "name": "Łukasz",
    "email": "l@example.com",
    "phone": "",
    "question": "Is VIG for us?",
    "website": "",
}
enquiry_posts = st.builds(
    lambda changes: {**ENQUIRY_VALID, **changes},
    st.dictionaries(
        st.sampled_from(sorted(ENQUIRY_VALID)), st.one_of(any_text, long_text), max_size=3
    ),
)


def assert_valid_referral(referral):
    referral.full_clean()
    assert re.fullmatch(r"[A-Z0-9]{2,4} [0-9][A-Z]{2}", referral.postcode)
    assert referral.email or referral.phone
    assert not referral.phone or re.fullmatch(r"\+44[0-9]{9,10}", referral.phone)
    today = timezone.localdate()
    assert referral.child_date_of_birth <= today
    assert age_on(referral.child_date_of_birth, today) <= 18
    assert referral.consent_privacy and referral.consent_contact
    assert (
        referral.safe_to_email
        or referral.safe_to_text
        or referral.safe_to_phone
        or (referral.safe_to_voicemail)
    )
    for field in ("contact_name", "child_first_name", "what_to_change", "postcode"):
        assert getattr(referral, field).strip()
    for field in Referral._meta.get_fields():
        value = getattr(referral, field.name, None)
        if isinstance(value, str):
            assert not CONTROL.search(value), field.name


@pytest.mark.django_db
@override_settings(SUBMISSION_RATE_LIMIT=0)
@HYPOTHESIS
@given(data=referral_posts)
def test_any_referral_input_never_errors_and_never_saves_an_invalid_record(client, refer_url, data):
    response = send_referral(client, refer_url, data)
    assert response.status_code in (200, 302)
    event("saved" if response.status_code == 302 else "refused with errors")
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
    for referral in Referral.objects.all():
        assert_valid_referral(referral)


@pytest.mark.django_db
@override_settings(SUBMISSION_RATE_LIMIT=0)
@HYPOTHESIS
@given(data=enquiry_posts)
def test_any_enquiry_input_never_errors_and_never_saves_an_invalid_record(
    client, enquiry_url, data
):
    response = client.post(enquiry_url, data)
    assert response.status_code in (200, 302)
    event("saved" if response.status_code == 302 else "refused with errors")
    for enquiry in Enquiry.objects.all():
        enquiry.full_clean()
        assert enquiry.name.strip() and enquiry.question.strip()
        assert enquiry.email or enquiry.phone
        assert len(enquiry.question) <= 2000
        assert not CONTROL.search(enquiry.name + enquiry.question)
