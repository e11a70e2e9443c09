"""Every allowed and every forbidden status change, through the service."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied

from referrals.cases import kinds as casekinds
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    EnquiryStatus,
    ReferralStatus,
)
from referrals.triage.services import ConcurrentChangeError, WorkflowError, case_transition
from tests.factories import EnquiryFactory, ReferralFactory

R = ReferralStatus
ALLOWED = {
    (R.NEW, R.UNDER_REVIEW),
    (R.UNDER_REVIEW, R.ACCEPTED),
    (R.UNDER_REVIEW, R.NEEDS_INFORMATION),
    (R.UNDER_REVIEW, R.DECLINED),
    (R.NEEDS_INFORMATION, R.UNDER_REVIEW),
    (R.ACCEPTED, R.ALLOCATED),
    (R.ALLOCATED, R.CLOSED),
    (R.DECLINED, R.CLOSED),
    (R.CLOSED, R.UNDER_REVIEW),
}
FORBIDDEN = [pair for pair in itertools.product(R.values, R.values) if pair not in ALLOWED]


def extra_for(target, guider):
    if target == R.DECLINED:
        return {"decline_reason": "Needs a service for older teenagers", "signposted_to": "CAMHS"}
    if target == R.ALLOCATED:
        return {"guider": guider}
    return {}


def test_the_table_is_the_workflow_in_the_issue():
    assert {(t.source, t.target) for t in casekinds.REFERRAL.transitions} == ALLOWED


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_allowed_transition_changes_status_and_records_who_when_and_note(
    source, target, manager, guider
):
    referral = ReferralFactory(status=source)
    moved = case_transition(
        case=referral,
        to=target,
        by=manager,
        note="Checked with the family",
        **extra_for(target, guider),
    )

    assert moved.status == target
    assert moved.version == referral.version + 1
    event = CaseEvent.objects.filter(referral=referral, action=CaseEventAction.STATUS_CHANGED).get()
    assert (event.actor, event.from_status, event.to_status) == (manager, source, target)
    assert "Checked with the family" in event.detail
    assert event.created_at is not None


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_forbidden_transition_is_refused_with_a_clear_message(source, target, manager, guider):
    referral = ReferralFactory(status=source)

    with pytest.raises(WorkflowError) as error:
        case_transition(case=referral, to=target, by=manager, **extra_for(target, guider))

    assert "cannot be moved to" in error.value.message
    referral.refresh_from_db()
    assert referral.status == source
    assert not CaseEvent.objects.filter(referral=referral).exists()


@pytest.mark.parametrize(
    ("reason", "signposted", "field"),
    [
        ("", "CAMHS", "decline_reason"),
        ("Out of area", "", "signposted_to"),
        ("  ", " ", "decline_reason"),
    ],
)
def test_declining_without_a_reason_or_signposting_is_refused(officer, reason, signposted, field):
    referral = ReferralFactory(status=R.UNDER_REVIEW)

    with pytest.raises(WorkflowError) as error:
        case_transition(
            case=referral,
            to=R.DECLINED,
            by=officer,
            decline_reason=reason,
            signposted_to=signposted,
        )

    assert error.value.field == field
    referral.refresh_from_db()
    assert referral.status == R.UNDER_REVIEW


def test_declined_referral_keeps_reason_and_signposting(officer):
    referral = ReferralFactory(status=R.UNDER_REVIEW)

    moved = case_transition(
        case=referral,
        to=R.DECLINED,
        by=officer,
        decline_reason="Looking for help with sleep",
        signposted_to="Health visiting team",
    )

    assert moved.decline_reason == "Looking for help with sleep"
    assert moved.signposted_to == "Health visiting team"


def test_allocation_needs_a_vig_guider_and_records_them(officer, guider):
    referral = ReferralFactory(status=R.ACCEPTED)

    with pytest.raises(WorkflowError):
        case_transition(case=referral, to=R.ALLOCATED, by=officer)
    with pytest.raises(WorkflowError):
        case_transition(case=referral, to=R.ALLOCATED, by=officer, guider=officer)

    moved = case_transition(case=referral, to=R.ALLOCATED, by=officer, guider=guider)
    assert moved.guider == guider
    assert CaseEvent.objects.filter(
        referral=referral, action=CaseEventAction.GUIDER_ALLOCATED
    ).exists()


def test_only_a_manager_can_reopen_a_closed_referral(officer, manager):
    referral = ReferralFactory(status=R.CLOSED)

    with pytest.raises(PermissionDenied):
        case_transition(case=referral, to=R.UNDER_REVIEW, by=officer)

    reopened = case_transition(case=referral, to=R.UNDER_REVIEW, by=manager)
    assert reopened.status == R.UNDER_REVIEW
    assert reopened.closed_at is None


def test_closing_records_when(officer):
    referral = ReferralFactory(status=R.ALLOCATED)
    closed = case_transition(case=referral, to=R.CLOSED, by=officer)
    assert closed.closed_at is not None


def test_a_stale_version_is_refused_and_nothing_is_overwritten(officer, officer2):
    referral = ReferralFactory(status=R.UNDER_REVIEW)
    seen_version = referral.version
    case_transition(case=referral, to=R.ACCEPTED, by=officer, expected_version=seen_version)

    with pytest.raises(ConcurrentChangeError) as error:
        case_transition(
            case=referral,
            to=R.NEEDS_INFORMATION,
            by=officer2,
            expected_version=seen_version,
        )

    assert "Someone else changed" in error.value.message
    referral.refresh_from_db()
    assert referral.status == R.ACCEPTED


E = EnquiryStatus
ENQUIRY_ALLOWED = {(E.NEW, E.ANSWERED), (E.ANSWERED, E.CLOSED)}


@pytest.mark.parametrize(("source", "target"), list(itertools.product(E.values, E.values)))
def test_enquiry_moves_only_new_answered_closed(source, target, officer):
    enquiry = EnquiryFactory(status=source)
    if (source, target) in ENQUIRY_ALLOWED:
        moved = case_transition(case=enquiry, to=target, by=officer)
        assert moved.status == target
        assert CaseEvent.objects.filter(enquiry=enquiry, to_status=target).exists()
    else:
        with pytest.raises(WorkflowError):
            case_transition(case=enquiry, to=target, by=officer)
