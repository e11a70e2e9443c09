"""The waiting list (issue 24): accepted families awaiting a VIG Guider, priority first then
the longest waiting, each with its place, days waited and an estimated allocation date worked
out from free capacity now and the service's recent pace; priority given and taken away with a
reason recorded in the history; the screen for those who work the queue only."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals.cases.admin_urls import case_url
from referrals.cases.working_days import local_date
from referrals.models import CaseEvent, CaseEventAction, GuiderCapacity, Referral, ReferralStatus
from referrals.triage.services import WorkflowError, case_transition, set_priority
from referrals.triage.waiting_list import NO_ESTIMATE, PACE_WEEKS, estimate, waiting_list
from tests.factories import ReferralFactory, UserFactory
from tests.html import table_rows, text_of, visible_text

pytestmark = pytest.mark.django_db
R = ReferralStatus
URL = "/admin/referrals/waiting-list/"
TODAY = datetime.date(2026, 3, 2)


def accepted(days_ago, **fields):
    """A referral accepted `days_ago` days ago (noon)."""
    moment = timezone.now() - timedelta(days=days_ago)
    return ReferralFactory(status=R.ACCEPTED, status_changed_at=moment, **fields)


def guider_with(families, capacity=None):
    guider = UserFactory(guider=True)
    if capacity is not None:
        GuiderCapacity.objects.create(guider=guider, families=capacity)
    for _ in range(families):
        ReferralFactory(status=R.ALLOCATED, guider=guider)
    return guider


def closed_families(count, *, days_ago=10):
    guider = UserFactory(guider=True, is_active=False)
    for _ in range(count):
        ReferralFactory(
            status=R.CLOSED,
            guider=guider,
            closed_at=timezone.now() - timedelta(days=days_ago),
        )


# The estimate, worked by hand -------------------------------------------------------------------


def test_families_within_free_capacity_are_estimated_for_today():
    assert estimate(1, free=2, closed=13, today=TODAY) == TODAY
    assert estimate(2, free=2, closed=13, today=TODAY) == TODAY


def test_families_beyond_free_capacity_wait_whole_weeks_at_the_recent_pace():
    # 13 closures in 26 weeks: half a family a week. Third place with 2 free: 1 / 0.5 = 2 weeks.
    assert estimate(3, free=2, closed=13, today=TODAY) == TODAY + timedelta(weeks=2)
    # Fifth place: 3 / 0.5 = 6 weeks.
    assert estimate(5, free=2, closed=13, today=TODAY) == TODAY + timedelta(weeks=6)


def test_a_part_week_is_rounded_up_to_a_whole_week():
    # 39 closures in 26 weeks: 1.5 a week. Second place with none free: 2 / 1.5 = 1.33 -> 2 weeks.
    assert estimate(2, free=0, closed=39, today=TODAY) == TODAY + timedelta(weeks=2)


def test_a_whole_number_of_weeks_is_not_rounded_up_by_a_fraction():
    # 15 closures in 26 weeks; 15 families beyond the free places: exactly 15 x 26 / 15 = 26
    # weeks (as a fraction of a float pace it came to 26.000000000000004, rounded up to 27).
    assert estimate(17, free=2, closed=15, today=TODAY) == TODAY + timedelta(weeks=26)
    assert estimate(18, free=2, closed=15, today=TODAY) == TODAY + timedelta(weeks=28)


def test_families_over_a_guiders_capacity_close_before_the_list_moves():
    # 2 free places, 13 closures in 26 weeks (0.5 a week), and 3 families beyond Guiders'
    # capacities: the third on the list waits for 3 + 1 closures, 8 weeks, not 2.
    assert estimate(2, free=2, closed=13, today=TODAY, over=3) == TODAY
    assert estimate(3, free=2, closed=13, today=TODAY, over=3) == TODAY + timedelta(weeks=8)


def test_without_recent_closures_there_is_no_estimate_beyond_free_capacity():
    assert estimate(1, free=1, closed=0, today=TODAY) == TODAY
    assert estimate(2, free=1, closed=0, today=TODAY) is None


def test_the_list_counts_free_capacity_and_the_pace_from_the_records():
    guider_with(4, capacity=6)  # room for 2
    guider_with(7, capacity=6)  # beyond capacity: room for none (not -1), and 1 over
    guider_with(0)  # the default capacity: room for 6
    closed_families(13)
    closed_families(5, days_ago=7 * PACE_WEEKS + 3)  # too long ago to count
    for days_ago in range(10, 0, -1):
        accepted(days_ago)

    listing = waiting_list()

    today = local_date()
    assert listing.free == 2 + 0 + GuiderCapacity.DEFAULT_FAMILIES
    assert listing.closed == 13
    assert listing.over == 1
    estimates = [place.estimate for place in listing.places]
    assert estimates[:8] == [today] * 8
    assert estimates[8] == today + timedelta(weeks=4)  # (1 + 1 over) / 0.5
    assert estimates[9] == today + timedelta(weeks=6)  # (2 + 1 over) / 0.5
    assert [place.waited for place in listing.places] == list(range(10, 0, -1))


# Order ----------------------------------------------------------------------------------------


def test_priority_families_come_first_then_the_longest_waiting():
    newer = accepted(2)
    older = accepted(20)
    urgent = accepted(1, priority=True)
    ReferralFactory(status=R.ALLOCATED)  # not waiting
    ReferralFactory(status=R.UNDER_REVIEW)  # not accepted yet

    places = waiting_list().places

    assert [p.referral for p in places] == [urgent, older, newer]
    assert [p.position for p in places] == [1, 2, 3]


# The screen -----------------------------------------------------------------------------------


def test_an_officer_sees_each_family_with_place_days_waited_and_estimate(officer_client):
    guider_with(5, capacity=6)  # room for 1
    first, second = accepted(30), accepted(3)

    response = officer_client.get(URL)

    assert response.status_code == 200
    rows = table_rows(
        response.content.decode(), caption="Families waiting for a VIG Guider, in order"
    )
    cells = [[text_of(cell) for cell in row.find_all(["th", "td"])][:5] for row in rows]
    assert cells[0][:4] == ["1", first.reference, cells[0][2], "30"]
    assert cells[0][4].startswith("Today")
    assert cells[1][:2] == ["2", second.reference]
    assert cells[1][3] == "3"
    assert cells[1][4] == NO_ESTIMATE  # nothing closed recently
    assert rows[0].find("a")["href"] == case_url(first)


def test_the_screen_says_how_the_estimate_was_worked_out(officer_client):
    guider_with(4, capacity=6)
    closed_families(13)
    text = visible_text(officer_client.get(URL))
    assert "How the estimated dates are worked out" in text
    assert "Free capacity now: 2 families" in text
    assert f"13 allocated families closed in the last {PACE_WEEKS} weeks" in text
    assert "about 0.5 a week" in text


def test_the_screen_says_families_over_capacity_close_before_the_list_moves(officer_client):
    guider_with(8, capacity=6)
    closed_families(13)
    accepted(3)
    text = visible_text(officer_client.get(URL))
    assert "Over capacity: 2 families beyond their VIG Guider's capacity" in text
    assert "no place is free for the list" in text


def test_the_waiting_list_is_in_the_referrals_menu_for_an_officer(officer_client):
    html = officer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert URL in html


@pytest.mark.parametrize(
    ("client_fixture", "status"),
    [
        ("officer_client", 200),
        ("manager_client", 200),
        ("superuser_client", 200),
        ("guider_client", 302),
        ("editor_client", 302),
    ],
)
def test_only_those_who_work_the_queue_open_the_waiting_list(request, client_fixture, status):
    """Wagtail's admin answers a refusal by sending the person back to the dashboard."""
    client = request.getfixturevalue(client_fixture)
    referral = accepted(3)
    response = client.get(URL)
    assert response.status_code == status
    assert (referral.reference in response.content.decode()) == (status == 200)


def test_a_guider_cannot_give_priority_from_the_list(guider_client):
    referral = accepted(3)
    response = guider_client.post(
        URL, {"referral": referral.pk, "version": referral.version, "priority": "1", "reason": "x"}
    )
    assert response.status_code == 302
    assert response["Location"] != URL
    referral.refresh_from_db()
    assert not referral.priority


def test_the_screens_queries_do_not_grow_with_the_number_of_families(officer_client, officer):
    def queries_with(families):
        Referral.objects.all().delete()
        for days_ago in range(families):
            accepted(days_ago + 1, assigned_to=officer)
            ReferralFactory(status=R.ALLOCATED, guider=guider)
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(URL).status_code == 200
        return len(captured.captured_queries)

    guider = UserFactory(guider=True)
    UserFactory(guider=True)
    officer_client.get(URL)  # the first request reads what the session and menus cache
    assert queries_with(3) == queries_with(30)


# Priority -------------------------------------------------------------------------------------


def test_an_officer_gives_priority_from_the_list_with_a_reason_in_the_history(officer_client):
    older, newer = accepted(10), accepted(2)

    response = officer_client.post(
        URL,
        {
            "referral": newer.pk,
            "version": newer.version,
            "priority": "1",
            "reason": "Child protection plan",
        },
    )

    assert response.status_code == 302
    newer.refresh_from_db()
    assert newer.priority
    event = CaseEvent.objects.get(referral=newer, action=CaseEventAction.PRIORITY_SET)
    assert "Child protection plan" in event.detail
    assert [p.referral.pk for p in waiting_list().places] == [newer.pk, older.pk]


def test_priority_without_a_reason_is_refused_next_to_the_field(officer_client):
    referral = accepted(3)

    response = officer_client.post(
        URL, {"referral": referral.pk, "version": referral.version, "priority": "1", "reason": ""}
    )

    assert response.status_code == 400
    assert f"id_priority-{referral.pk}-reason_error" in response.content.decode()
    assert "Give the reason for the change of priority." in response.content.decode()
    referral.refresh_from_db()
    assert not referral.priority


def test_an_officer_removes_priority_from_the_case_page(officer_client):
    referral = accepted(3, priority=True)

    response = officer_client.post(
        case_url(referral),
        {
            "action": "priority",
            "version": referral.version,
            "priority": "0",
            "reason": "The family's situation is stable again",
        },
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert not referral.priority
    event = CaseEvent.objects.get(referral=referral, action=CaseEventAction.PRIORITY_REMOVED)
    assert "stable again" in event.detail


def test_the_case_page_keeps_what_was_typed_when_the_reason_is_missing(officer_client):
    referral = accepted(3)
    response = officer_client.post(
        case_url(referral),
        {"action": "priority", "version": referral.version, "priority": "1", "reason": "  "},
    )
    assert response.status_code == 400
    assert "id_priority-reason_error" in response.content.decode()


def test_only_a_family_on_the_waiting_list_can_be_given_priority(officer):
    referral = ReferralFactory(status=R.UNDER_REVIEW)
    with pytest.raises(WorkflowError):
        set_priority(case=referral, priority=True, reason="Urgent", by=officer)


def test_a_family_allocated_leaves_its_priority_behind(officer):
    guider = UserFactory(guider=True)
    referral = accepted(3, priority=True)
    case_transition(case=referral, to=R.ALLOCATED, by=officer, guider=guider)
    referral.refresh_from_db()
    assert not referral.priority


def test_a_user_without_permission_to_change_referrals_cannot_give_priority(guider):
    referral = accepted(3)
    with pytest.raises(PermissionDenied):
        set_priority(case=referral, priority=True, reason="Urgent", by=guider)
    referral.refresh_from_db()
    assert not referral.priority


def stale_priority(referral):
    """Someone else changes the family after the form was drawn: its version is out of date."""
    version = referral.version
    Referral.objects.filter(pk=referral.pk).update(version=version + 1)
    return {"version": version, "priority": "1", "reason": "Urgent"}


def test_a_stale_priority_form_on_the_waiting_list_is_a_conflict(officer_client):
    referral = accepted(3)
    response = officer_client.post(URL, {"referral": referral.pk, **stale_priority(referral)})
    assert response.status_code == 409
    assert "Someone else changed" in visible_text(response)
    referral.refresh_from_db()
    assert not referral.priority


def test_a_stale_priority_form_on_the_case_page_is_a_conflict(officer_client):
    referral = accepted(3)
    response = officer_client.post(
        case_url(referral), {"action": "priority", **stale_priority(referral)}
    )
    assert response.status_code == 409
    assert "Someone else changed" in visible_text(response)
    referral.refresh_from_db()
    assert not referral.priority
