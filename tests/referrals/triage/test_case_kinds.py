"""The description of each kind of case is what the shared code obeys."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from referrals.cases import kinds as casekinds
from referrals.cases.kinds import ENQUIRY, KINDS, REFERRAL
from referrals.intake.services import referral_submit
from referrals.models import CaseNote, Referral, ReferralStatus
from referrals.triage.services import apply_retention, case_add_note, case_assign
from tests.factories import EnquiryFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_described_field_is_a_real_field_of_the_model(kind):
    names = {field.name for field in kind.model._meta.get_fields()}
    described = {
        *kind.anonymise,
        *kind.intake_fields,
        *kind.search_fields,
        *kind.list_filters,
        *kind.list_columns,
        *(name for _, name in kind.export_columns if name not in (casekinds.FLAGS, "age_in_days")),
    }
    assert described <= names, described - names


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_status_in_a_group_and_every_move_is_one_of_the_kinds_statuses(kind):
    statuses = set(kind.statuses.values)
    for group in (kind.awaiting_action, kind.open, kind.finished):
        assert set(group) <= statuses
    for transition in kind.transitions:
        assert {transition.source, transition.target} <= statuses
    # Only workflow fields and the reference stay out of reach of the public form.
    assert not kind.intake_fields & {"status", "reference", "version", "anonymised_at"}


def test_a_submission_writes_only_the_allowed_fields():
    tampered = {
        "contact_name": "Test Parent",
        "relationship": "parent",
        "phone": "+447700900123",
        "safe_to_phone": True,
        "postcode": "EH54 6FF",
        "child_first_name": "Testchild",
        "child_date_of_birth": datetime.date(2019, 5, 17),
        "what_to_change": "Enjoy playtime together.",
        "session_location": "home",
        "consent_privacy": True,
        "consent_contact": True,
        "status": ReferralStatus.CLOSED,
        "recaptcha_score": 1.0,
        "decline_reason": "injected",
        "assigned_to_id": 1,
        "anonymised_at": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    }
    referral = referral_submit(form_data=tampered)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NEW
    assert referral.recaptcha_score is None
    assert referral.decline_reason == ""
    assert referral.assigned_to_id is None
    assert referral.anonymised_at is None


def test_assigning_needs_the_change_permission(officer, guider):
    referral = ReferralFactory()
    with pytest.raises(PermissionDenied):
        case_assign(case=referral, officer=officer, by=guider)
    referral.refresh_from_db()
    assert referral.assigned_to_id is None


def test_adding_a_note_needs_the_change_permission(guider, editor):
    referral = ReferralFactory(guider=guider, status=ReferralStatus.ALLOCATED)
    for outsider in (guider, editor):
        with pytest.raises(PermissionDenied):
            case_add_note(case=referral, author=outsider, text="Called the family")
    assert not CaseNote.objects.exists()


def test_an_enquiry_note_needs_the_enquiry_change_permission(officer, guider):
    enquiry = EnquiryFactory()
    case_add_note(case=enquiry, author=officer, text="Rang back")
    with pytest.raises(PermissionDenied):
        case_add_note(case=enquiry, author=guider, text="Rang back")


def test_retention_by_a_person_needs_the_retention_permission(officer, manager):
    with pytest.raises(PermissionDenied):
        apply_retention(by=officer)
    assert apply_retention(by=manager) == {REFERRAL: 0, ENQUIRY: 0}


def test_retention_anonymises_every_kind_past_its_period():
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    referral = ReferralFactory(
        status=ReferralStatus.CLOSED,
        closed_at=long_ago,
        signposted_to="Family Support Hub, Livingston",
        recaptcha_score=0.3,
    )
    enquiry = EnquiryFactory(status="closed", closed_at=long_ago)
    recent = ReferralFactory(
        status=ReferralStatus.CLOSED, closed_at=datetime.datetime.now(datetime.UTC)
    )

    assert apply_retention() == {REFERRAL: 1, ENQUIRY: 1}

    referral.refresh_from_db()
    enquiry.refresh_from_db()
    recent.refresh_from_db()
    assert referral.contact_name == casekinds.REMOVED_TEXT[:100]
    assert referral.postcode == "EH54"
    assert referral.child_date_of_birth == datetime.date(2019, 1, 1)
    assert referral.signposted_to == casekinds.REMOVED_TEXT[:200]
    assert referral.recaptcha_score is None
    assert enquiry.question == casekinds.REMOVED_TEXT
    assert recent.anonymised_at is None
    assert Referral.objects.filter(anonymised_at__isnull=False).count() == 1
