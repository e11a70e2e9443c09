"""After allocation: the VIG Guider records consent, goals, cycles, footage and the ending, by the
rules of the work; the page shows each mistake by its field; the dashboard shows what is due."""

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from referrals.cases.admin_urls import case_url
from referrals.cases.kinds import REMOVED_TEXT
from referrals.casework import caseload
from referrals.casework import services as casework
from referrals.casework.services import CaseworkError
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    ConsentCovers,
    ConsentGiver,
    CycleLocation,
    CycleStatus,
    GoalRating,
    Intervention,
    Outcome,
    Referral,
    ReferralStatus,
)
from referrals.triage import services as triage
from tests.factories import ReferralFactory, make_user

# The whole run sees one date. The clock the services and pages read (timezone.now, and so
# timezone.localdate) starts at noon on the day the tests were collected and runs on from
# there: a run that crosses midnight still sees TODAY, and history keeps its order.
_STARTED = timezone.now()
_NOON = timezone.localtime(_STARTED).replace(hour=12, minute=0, second=0, microsecond=0)
TODAY = _NOON.date()


@pytest.fixture(autouse=True)
def same_date_all_run(monkeypatch):
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: (_NOON + (real_now() - _STARTED)).astimezone(UTC))


def days_ago(n):
    return TODAY - timedelta(days=n)


@pytest.fixture
def family(guider):
    return ReferralFactory(
        status=ReferralStatus.ALLOCATED,
        guider=guider,
        received_at=timezone.now() - timedelta(days=120),
    )


def consent(family, by, on=None, covers=ConsentCovers.INTERVENTION, **extra):
    return casework.record_consent(
        referral=family,
        by=by,
        given_by=ConsentGiver.PARENT_OR_CARER,
        given_on=on or days_ago(60),
        covers=covers,
        **extra,
    )


def cycle(family, by, number=None, **fields):
    fields.setdefault("location", CycleLocation.HOME)
    return casework.save_cycle(referral=family, by=by, number=number, **fields)


def url(referral):
    return case_url(referral)


# Who may record -------------------------------------------------------------------------------


def test_the_allocated_guider_and_managers_record_casework_others_do_not(
    family, guider, manager, officer
):
    other_guider = make_user("guider2", "VIG Guiders")
    assert casework.can_record(guider, family)
    assert casework.can_record(manager, family)
    assert not casework.can_record(officer, family)
    assert not casework.can_record(other_guider, family)
    with pytest.raises(PermissionDenied):
        consent(family, other_guider)
    with pytest.raises(PermissionDenied):
        consent(family, officer)
    # First contact is triage work too.
    casework.record_first_contact(referral=family, by=officer, on=days_ago(100))
    assert Intervention.objects.get(referral=family).first_contact_on == days_ago(100)


def test_first_contact_cannot_be_before_the_referral_arrived(family, officer):
    with pytest.raises(CaseworkError) as error:
        casework.record_first_contact(referral=family, by=officer, on=days_ago(200))
    assert error.value.field == "first_contact_on"


# Consent and filming --------------------------------------------------------------------------


def test_a_cycle_cannot_be_done_without_consent(family, guider):
    with pytest.raises(CaseworkError) as error:
        cycle(
            family,
            guider,
            status=CycleStatus.DONE,
            filmed_on=days_ago(20),
            reviewed_on=days_ago(15),
        )
    assert error.value.field == "status"
    assert "consent" in error.value.message

    consent(family, guider, on=days_ago(30))
    with pytest.raises(CaseworkError):  # filmed before the consent was given
        cycle(
            family,
            guider,
            status=CycleStatus.DONE,
            filmed_on=days_ago(40),
            reviewed_on=days_ago(35),
        )
    done = cycle(
        family, guider, status=CycleStatus.DONE, filmed_on=days_ago(20), reviewed_on=days_ago(15)
    )
    assert done.number == 1 and done.status == CycleStatus.DONE


def test_a_withdrawal_stops_further_filming_and_makes_the_footage_due(family, guider):
    given = consent(family, guider, on=days_ago(60))
    cycle(family, guider, status=CycleStatus.DONE, filmed_on=days_ago(50), reviewed_on=days_ago(45))
    casework.withdraw_consent(consent=given, by=guider, on=days_ago(10))

    with pytest.raises(CaseworkError) as error:
        cycle(family, guider, filmed_on=days_ago(5), status=CycleStatus.PLANNED)
    assert error.value.field == "filmed_on"
    assert "withdrawn" in error.value.message
    intervention = Intervention.objects.get(referral=family)
    assert caseload.footage_due_on(intervention) == days_ago(10)
    overdue, _ = caseload.footage_to_delete(guider)
    assert [f.referral for f in overdue] == [family]


def test_consent_cannot_be_withdrawn_before_it_was_given(family, guider):
    given = consent(family, guider, on=days_ago(30))
    with pytest.raises(CaseworkError) as error:
        casework.withdraw_consent(consent=given, by=guider, on=days_ago(40))
    assert error.value.field == "withdrawn_on"


def test_keeping_footage_longer_needs_training_consent(family, guider):
    with pytest.raises(CaseworkError) as error:
        consent(family, guider, keep_footage_until=TODAY + timedelta(days=300))
    assert error.value.field == "keep_footage_until"


# Dates, cycles, goals -------------------------------------------------------------------------


def test_dates_in_the_wrong_order_are_refused_by_the_field(family, guider):
    consent(family, guider)
    with pytest.raises(CaseworkError) as error:
        cycle(family, guider, filmed_on=days_ago(10), reviewed_on=days_ago(12))
    assert error.value.field == "reviewed_on"
    with pytest.raises(CaseworkError) as error:
        cycle(
            family,
            guider,
            status=CycleStatus.DONE,
            filmed_on=TODAY + timedelta(days=3),
            reviewed_on=TODAY + timedelta(days=5),
        )
    assert "future" in error.value.message


def test_three_cycles_are_offered_and_a_fourth_needs_agreement_with_a_reason(family, guider):
    for _ in range(3):
        cycle(family, guider)
    with pytest.raises(CaseworkError) as error:
        cycle(family, guider)
    assert error.value.field == "number"
    with pytest.raises(CaseworkError):
        casework.agree_more_cycles(referral=family, by=guider, reason="  ")
    casework.agree_more_cycles(referral=family, by=guider, reason="Second child joined.")
    assert cycle(family, guider).number == 4


def test_goals_are_one_to_three_and_ratings_are_0_to_10(family, guider):
    for n in range(3):
        casework.add_goal(
            referral=family, by=guider, text=f"Goal {n}", start_rating=2, rated_on=TODAY
        )
    with pytest.raises(CaseworkError):
        casework.add_goal(
            referral=family, by=guider, text="A fourth", start_rating=2, rated_on=TODAY
        )
    goal = family.intervention.goals.first()
    first = cycle(family, guider)
    for bad in (-1, 11, None):
        with pytest.raises(CaseworkError):
            casework.rate_goals(
                referral=family,
                by=guider,
                stage="review",
                ratings={goal: bad},
                rated_on=TODAY,
                cycle=first,
            )
    assert GoalRating.objects.filter(goal=goal).count() == 1  # only the start rating


# Ending ---------------------------------------------------------------------------------------


def test_ending_a_completed_piece_of_work_needs_final_ratings_and_closes_the_case(family, guider):
    consent(family, guider)
    goal = casework.add_goal(
        referral=family, by=guider, text="Calmer mornings", start_rating=2, rated_on=days_ago(55)
    )
    cycle(family, guider, status=CycleStatus.DONE, filmed_on=days_ago(50), reviewed_on=days_ago(45))
    with pytest.raises(CaseworkError) as error:
        casework.end_work(
            referral=family, by=guider, outcome=Outcome.COMPLETED, ended_on=days_ago(5)
        )
    assert error.value.field == "goal_1"

    casework.end_work(
        referral=family,
        by=guider,
        outcome=Outcome.COMPLETED,
        ended_on=days_ago(5),
        final_ratings={goal: 7},
        feedback_helpful=5,
        feedback_comment="It helped us notice the good moments.",
    )

    family.refresh_from_db()
    assert family.status == ReferralStatus.CLOSED and family.closed_at
    history = CaseEvent.objects.filter(referral=family)
    assert history.filter(action=CaseEventAction.CASEWORK, detail__contains="Work ended").exists()
    assert history.filter(to_status=ReferralStatus.CLOSED).exists()
    assert not history.filter(detail__contains="Calmer mornings").exists()  # family's words
    # The footage is due FOOTAGE_DELETE_AFTER_DAYS after the end...
    intervention = Intervention.objects.get(referral=family)
    assert caseload.footage_due_on(intervention) == days_ago(5) + timedelta(days=30)


def test_training_consent_keeps_the_footage_until_its_date(family, guider, settings):
    keep = TODAY + timedelta(days=365)
    consent(family, guider, covers=ConsentCovers.TRAINING, keep_footage_until=keep)
    cycle(family, guider, status=CycleStatus.DONE, filmed_on=days_ago(50), reviewed_on=days_ago(45))
    casework.end_work(referral=family, by=guider, outcome=Outcome.MOVED_AWAY, ended_on=days_ago(5))
    intervention = Intervention.objects.get(referral=family)
    assert caseload.footage_due_on(intervention) == keep
    casework.record_footage_deleted(referral=family, by=guider, on=TODAY)
    intervention.refresh_from_db()
    assert caseload.footage_due_on(intervention) is None


def test_retention_removes_the_familys_words_and_keeps_the_numbers(family, guider, manager):
    consent(family, guider)
    goal = casework.add_goal(
        referral=family, by=guider, text="Calmer mornings", start_rating=2, rated_on=days_ago(55)
    )
    cycle(
        family,
        guider,
        status=CycleStatus.DONE,
        filmed_on=days_ago(50),
        reviewed_on=days_ago(45),
        note="Dad joined in.",
    )
    casework.end_work(
        referral=family,
        by=guider,
        outcome=Outcome.COMPLETED,
        ended_on=days_ago(5),
        final_ratings={goal: 8},
        feedback_helpful=4,
        feedback_comment="Lovely.",
    )

    triage.case_anonymise(case=Referral.objects.get(pk=family.pk), by=manager)

    goal.refresh_from_db()
    intervention = Intervention.objects.get(referral=family)
    assert goal.text == REMOVED_TEXT
    assert intervention.cycles.get().note == ""
    assert intervention.feedback_comment == ""
    assert intervention.feedback_helpful == 4  # numbers kept for the report
    assert sorted(goal.ratings.values_list("rating", flat=True)) == [2, 8]
    assert intervention.cycles.get().filmed_on == days_ago(50)


# The dashboard --------------------------------------------------------------------------------


def test_the_guiders_dashboard_lists_their_families_next_sessions_and_overdue_reviews(
    client, family, guider, settings
):
    settings.REVIEW_WITHIN_DAYS = 14
    consent(family, guider, on=days_ago(60))
    cycle(family, guider, filmed_on=days_ago(20), status=CycleStatus.PLANNED)  # no review: late
    cycle(family, guider, filmed_on=TODAY + timedelta(days=3))
    quiet = ReferralFactory(status=ReferralStatus.ALLOCATED, guider=guider)
    someone_elses = ReferralFactory(status=ReferralStatus.ALLOCATED)
    client.force_login(guider)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Your families" in html
    assert family.reference in html and quiet.reference in html
    assert someone_elses.reference not in html
    assert "Review overdue: cycle 1" in html
    assert (TODAY + timedelta(days=3)).strftime("%-d %b %Y") in html


# The case page --------------------------------------------------------------------------------


def test_the_guider_records_consent_from_the_case_page(client, family, guider):
    client.force_login(guider)
    response = client.post(
        url(family),
        {
            "action": "consent",
            "form_prefix": "consent",
            "consent-given_by": ConsentGiver.PARENT_OR_CARER,
            "consent-given_on": days_ago(3).isoformat(),
            "consent-covers": ConsentCovers.INTERVENTION,
        },
    )
    assert response.status_code == 302
    assert family.intervention.consents.get().given_on == days_ago(3)
    html = client.get(url(family)).content.decode()
    assert "Working with the family" in html
    assert "Parent or carer, " + days_ago(3).strftime("%-d %B %Y") in html


def test_a_mistake_is_shown_by_its_field_with_what_was_typed_kept(client, family, guider):
    client.force_login(guider)
    response = client.post(
        url(family),
        {
            "action": "cycle",
            "form_prefix": "cycle_new",
            "cycle_new-location": CycleLocation.SCHOOL,
            "cycle_new-status": CycleStatus.PLANNED,
            "cycle_new-filmed_on": days_ago(10).isoformat(),
            "cycle_new-reviewed_on": days_ago(12).isoformat(),
            "cycle_new-note": "Classroom visit",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = 'id="id_cycle_new-reviewed_on_error"'
    assert error in html
    assert "The shared review must be on or after the filming date." in html.split(error)[1][:200]
    assert 'aria-describedby="id_cycle_new-reviewed_on_error"' in html  # read with the field
    assert 'value="Classroom visit"' in html
    assert not Intervention.objects.filter(referral=family, cycles__isnull=False).exists()


def test_a_stale_add_form_never_replaces_a_cycle(client, family, guider):
    cycle(family, guider, note="The first one")
    client.force_login(guider)
    response = client.post(
        url(family),
        {
            "action": "cycle",
            "form_prefix": "cycle_new",
            "cycle_new-number": "",
            "cycle_new-location": CycleLocation.OTHER,
            "cycle_new-status": CycleStatus.PLANNED,
        },
    )
    assert response.status_code == 302
    notes = dict(family.intervention.cycles.values_list("number", "note"))
    assert notes == {1: "The first one", 2: ""}


def test_a_made_up_cycle_number_gets_a_message_not_an_error_page(client, family, guider):
    client.force_login(guider)
    for number in ("7", "40000"):
        response = client.post(
            url(family),
            {
                "action": "cycle",
                "form_prefix": "cycle7",
                "cycle7-number": number,
                "cycle7-location": CycleLocation.HOME,
                "cycle7-status": CycleStatus.PLANNED,
            },
        )
        assert response.status_code == 400


def test_a_rating_outside_0_to_10_is_refused_by_the_form(client, family, guider):
    client.force_login(guider)
    response = client.post(
        url(family),
        {
            "action": "goal",
            "form_prefix": "goal",
            "goal-text": "Enjoy bath time",
            "goal-start_rating": "12",
            "goal-rated_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Give a rating from 0 (not at all met) to 10 (fully met)." in response.content.decode()
    assert 'value="Enjoy bath time"' in response.content.decode()


def test_another_guider_cannot_record_or_see_the_family(client, family):
    other = make_user("guider2", "VIG Guiders")
    client.force_login(other)
    response = client.post(
        url(family), {"action": "first_contact", "first_contact-first_contact_on": "2026-01-01"}
    )
    assert response.status_code in (302, 403, 404)
    assert not Intervention.objects.filter(referral=family).exists()


def test_officers_see_the_casework_but_record_only_first_contact(client, family, officer):
    client.force_login(officer)
    html = client.get(url(family)).content.decode()
    assert "Working with the family" in html
    assert "Record first contact" in html
    assert "Record consent to filming" not in html


def test_a_guider_who_is_also_a_triage_officer_records_only_for_their_own_families(family):
    both = make_user("both1", "VIG Guiders", "Triage officers")
    assert not casework.can_record(both, family)
    with pytest.raises(PermissionDenied):
        consent(family, both)


def test_a_past_filming_date_needs_consent_whatever_the_status(family, guider):
    with pytest.raises(CaseworkError) as error:
        cycle(family, guider, status=CycleStatus.PLANNED, filmed_on=days_ago(3))
    assert error.value.field == "filmed_on"
    assert cycle(family, guider, filmed_on=TODAY + timedelta(days=7)).number == 1  # planned


def test_ratings_after_a_review_need_the_review(family, guider):
    consent(family, guider)
    goal = casework.add_goal(referral=family, by=guider, text="A", start_rating=1, rated_on=TODAY)
    first = cycle(family, guider, filmed_on=days_ago(10))
    with pytest.raises(CaseworkError) as error:
        casework.rate_goals(
            referral=family,
            by=guider,
            stage="review",
            ratings={goal: 4},
            rated_on=TODAY,
            cycle=first,
        )
    assert error.value.field == "cycle"
    first = cycle(family, guider, number=1, filmed_on=days_ago(10), reviewed_on=days_ago(5))
    with pytest.raises(CaseworkError) as error:
        casework.rate_goals(
            referral=family,
            by=guider,
            stage="review",
            ratings={goal: 4},
            rated_on=days_ago(7),
            cycle=first,
        )
    assert error.value.field == "rated_on"


@pytest.mark.parametrize("how", ["closed by triage", "erased"])
def test_footage_is_due_when_a_filmed_family_is_closed_or_erased_without_an_ending(
    family, guider, manager, how
):
    consent(family, guider)
    cycle(family, guider, status=CycleStatus.DONE, filmed_on=days_ago(50), reviewed_on=days_ago(45))
    if how == "erased":
        triage.remove_personal_details(Referral.objects.get(pk=family.pk))
        expected = TODAY
    else:
        triage.case_transition(
            case=Referral.objects.get(pk=family.pk), to=ReferralStatus.CLOSED, by=manager
        )
        expected = TODAY + timedelta(days=30)
    intervention = Intervention.objects.select_related("referral").get(referral=family)
    assert caseload.footage_due_on(intervention) == expected


def test_ending_the_work_is_a_new_version_of_the_case(family, guider):
    before = Referral.objects.get(pk=family.pk).version
    casework.end_work(referral=family, by=guider, outcome=Outcome.MOVED_AWAY, ended_on=TODAY)
    assert Referral.objects.get(pk=family.pk).version == before + 1
