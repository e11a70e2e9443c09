"""What a move in the workflow needs besides the table's say-so, one test per rule in
referrals.triage.services: a decline says why and where the family was signposted (also in
test_workflow), an allocation names an active VIG Guider."""

import pytest

from referrals.models import CaseEvent, CaseEventAction, ReferralStatus
from referrals.staff.roles import VIG_GUIDERS
from referrals.triage.services import WorkflowError, case_transition
from tests.factories import ReferralFactory, make_user


@pytest.fixture
def accepted(officer):
    return ReferralFactory(moved_to=ReferralStatus.ACCEPTED, moved_by=officer)


def allocate(case, by, guider):
    return case_transition(case=case, to=ReferralStatus.ALLOCATED, by=by, guider=guider)


@pytest.mark.parametrize("who", ["nobody", "an officer", "a former guider"])
def test_an_allocation_names_an_active_vig_guider(accepted, officer, who):
    guider = {
        "nobody": lambda: None,
        "an officer": lambda: officer,
        "a former guider": lambda: make_user("gone", VIG_GUIDERS),
    }[who]()
    if who == "a former guider":
        guider.is_active = False
        guider.save()
    with pytest.raises(WorkflowError) as error:
        allocate(accepted, officer, guider)
    assert error.value.field == "guider"
    accepted.refresh_from_db()
    assert accepted.status == ReferralStatus.ACCEPTED and accepted.guider is None


def test_an_allocation_to_a_guider_is_recorded_with_their_name(accepted, officer, guider):
    moved = allocate(accepted, officer, guider)
    assert moved.guider == guider
    allocated = CaseEvent.objects.get(referral=moved, action=CaseEventAction.GUIDER_ALLOCATED)
    assert allocated.detail.startswith("VIG Guider: ")


def test_a_decline_keeps_its_reason_and_signposting_and_says_so_in_the_history(officer):
    case = ReferralFactory(moved_to=ReferralStatus.UNDER_REVIEW, moved_by=officer)
    moved = case_transition(
        case=case,
        to=ReferralStatus.DECLINED,
        by=officer,
        decline_reason="  Out of area ",
        signposted_to="Family hub",
    )
    assert (moved.decline_reason, moved.signposted_to) == ("Out of area", "Family hub")
    event = CaseEvent.objects.filter(referral=moved).latest("created_at", "id")
    assert event.detail.splitlines() == ["Reason: Out of area", "Signposted to: Family hub"]
