"""Each factory and trait in tests/factories.py makes what it says, the way the services would:
the right group, the right status, the history and version the workflow writes, the casework
recorded by the family's own VIG Guider."""

import pytest
from django.contrib.auth import authenticate

from home.roles import CONTENT_EDITORS
from referrals.casework.services import intervention_for
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    CycleStatus,
    EnquiryStatus,
    RatingStage,
    ReferralStatus,
)
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS
from tests.factories import (
    PASSWORD,
    EnquiryFactory,
    FamilyFactory,
    ReferralFactory,
    UserFactory,
    make_user,
    workflow_path,
)

pytestmark = pytest.mark.django_db


def group_names(user):
    return set(user.groups.values_list("name", flat=True))


def history(case):
    return list(
        CaseEvent.objects.filter(**case.link())
        .order_by("pk")
        .values_list("action", "from_status", "to_status")
    )


# Users ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trait", "group"),
    [
        ("officer", TRIAGE_OFFICERS),
        ("manager", MANAGERS),
        ("guider", VIG_GUIDERS),
        ("editor", CONTENT_EDITORS),
    ],
)
def test_each_role_trait_puts_the_user_in_that_roles_group_only(trait, group):
    user = UserFactory(**{trait: True})
    assert group_names(user) == {group}
    assert not user.is_superuser


def test_a_plain_user_has_no_group_and_the_superuser_trait_makes_a_superuser():
    assert group_names(UserFactory()) == set()
    root = UserFactory(superuser=True)
    assert root.is_superuser and group_names(root) == set()


def test_a_factory_user_signs_in_with_the_test_password():
    user = UserFactory(username="someone", officer=True)
    assert authenticate(username="someone", password=PASSWORD) == user
    assert user.email == "someone@example.invalid"


def test_make_user_names_the_account_and_its_groups():
    user = make_user("grace", VIG_GUIDERS, MANAGERS)
    assert user.username == "grace" and user.get_full_name() == "Grace Tester"
    assert group_names(user) == {VIG_GUIDERS, MANAGERS}
    assert make_user("root", superuser=True).is_superuser


def test_the_role_fixtures_come_from_the_top_level_conftest(officer, manager, guider, editor):
    assert group_names(officer) == {TRIAGE_OFFICERS}
    assert group_names(manager) == {MANAGERS}
    assert group_names(guider) == {VIG_GUIDERS}
    assert group_names(editor) == {CONTENT_EDITORS}


def test_the_signed_in_clients_are_signed_in_as_their_role(officer_client, officer):
    response = officer_client.get("/admin/")
    assert response.wsgi_request.user == officer


# Cases ----------------------------------------------------------------------------------------


def test_a_plain_referral_is_new_with_no_history():
    referral = ReferralFactory()
    assert referral.status == ReferralStatus.NEW and referral.version == 1
    assert history(referral) == []


def test_a_submitted_referral_has_the_received_entry_the_public_form_records():
    referral = ReferralFactory(submitted=True)
    assert history(referral) == [(CaseEventAction.SUBMITTED, "", ReferralStatus.NEW)]


def test_an_allocated_referral_went_through_the_workflow_to_a_vig_guider():
    referral = ReferralFactory(allocated=True)
    assert referral.status == ReferralStatus.ALLOCATED
    assert group_names(referral.guider) == {VIG_GUIDERS}
    assert history(referral) == [
        (CaseEventAction.SUBMITTED, "", ReferralStatus.NEW),
        (CaseEventAction.STATUS_CHANGED, ReferralStatus.NEW, ReferralStatus.UNDER_REVIEW),
        (CaseEventAction.STATUS_CHANGED, ReferralStatus.UNDER_REVIEW, ReferralStatus.ACCEPTED),
        (CaseEventAction.GUIDER_ALLOCATED, "", ""),
        (CaseEventAction.STATUS_CHANGED, ReferralStatus.ACCEPTED, ReferralStatus.ALLOCATED),
    ]
    assert referral.version == 1 + 3  # one new version a move


def test_an_allocated_referral_goes_to_the_guider_given(guider, manager):
    referral = ReferralFactory(allocated=True, guider=guider, moved_by=manager)
    assert referral.guider == guider
    assert set(CaseEvent.objects.filter(referral=referral).values_list("actor", flat=True)) == {
        None,  # received from the public form
        manager.pk,
    }


def test_moved_to_takes_the_shortest_way_the_workflow_allows():
    referral = ReferralFactory(moved_to=ReferralStatus.CLOSED)
    assert referral.status == ReferralStatus.CLOSED and referral.closed_at is not None
    assert referral.decline_reason  # closed the short way: declined, then closed
    new = ReferralFactory.build(status=ReferralStatus.NEW)
    assert [t.target for t in workflow_path(new, ReferralStatus.DECLINED)] == [
        ReferralStatus.UNDER_REVIEW,
        ReferralStatus.DECLINED,
    ]


def test_with_consent_records_the_parents_consent_by_the_familys_guider():
    referral = ReferralFactory(with_consent=True)
    consent = intervention_for(referral).consents.get()
    assert consent.recorded_by == referral.guider
    assert consent.withdrawn_on is None
    assert not intervention_for(referral).cycles.exists()


def test_with_completed_cycle_gives_one_cycle_filmed_and_reviewed_after_consent():
    referral = ReferralFactory(allocated=True, with_completed_cycle=True)
    intervention = intervention_for(referral)
    cycle = intervention.cycles.get()
    consent = intervention.consents.get()
    assert cycle.number == 1 and cycle.status == CycleStatus.DONE
    assert consent.given_on <= cycle.filmed_on <= cycle.reviewed_on
    assert referral.status == ReferralStatus.ALLOCATED


def test_a_family_has_consent_two_goals_rated_and_a_completed_cycle_in_one_call():
    family = FamilyFactory()
    intervention = intervention_for(family)
    assert family.status == ReferralStatus.ALLOCATED
    assert intervention.consents.count() == 1
    goals = list(intervention.goals.order_by("number"))
    assert [goal.number for goal in goals] == [1, 2]
    cycle = intervention.cycles.get(status=CycleStatus.DONE)
    for goal in goals:
        stages = set(goal.ratings.values_list("stage", flat=True))
        assert stages == {RatingStage.START, RatingStage.REVIEW}
        assert goal.ratings.get(stage=RatingStage.REVIEW).cycle == cycle
    casework = CaseEvent.objects.filter(referral=family, action=CaseEventAction.CASEWORK)
    assert casework.count() == 1 + 2 + 1 + 1  # consent, two goals, the cycle, its ratings


def test_a_plain_enquiry_is_new_and_an_answered_one_went_through_the_workflow():
    assert EnquiryFactory().status == EnquiryStatus.NEW
    enquiry = EnquiryFactory(answered=True)
    assert enquiry.status == EnquiryStatus.ANSWERED
    assert history(enquiry) == [
        (CaseEventAction.SUBMITTED, "", EnquiryStatus.NEW),
        (CaseEventAction.STATUS_CHANGED, EnquiryStatus.NEW, EnquiryStatus.ANSWERED),
    ]


def test_the_case_fixtures_are_one_of_each_kind(referral, enquiry):
    assert referral.reference != enquiry.reference
    assert referral.status == ReferralStatus.NEW and enquiry.status == EnquiryStatus.NEW
