"""Each measure of the service report against figures worked out by hand from a few cases."""

import datetime

import pytest
from django.utils import timezone

from referrals.cases.kinds import REMOVED_TEXT
from referrals.models import ReferralKind
from referrals.models.casework import CycleStatus, Outcome
from referrals.report.expressions import percentile_cont
from referrals.report.figures import Period
from referrals.report.sections import section_builders
from referrals.report.tables import promise_calendar_days

from .conftest import (
    QUARTER,
    R,
    at,
    casework,
    cycle,
    d,
    figures_for,
    goal,
    make_enquiry,
    make_referral,
    moved,
)

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)


def test_referrals_and_enquiries_are_counted_by_month_and_route_in_local_time():
    make_referral(d("2025-01-05"))
    make_referral(d("2025-01-20"), kind=ReferralKind.PROFESSIONAL)
    make_referral(d("2025-03-02"))
    # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London (summer time): outside.
    make_referral(timezone.make_aware(datetime.datetime(2025, 3, 31, 23, 30), datetime.UTC))
    # 23:30 UTC on 31 December 2024 is still 2024 in London (winter time): outside.
    make_referral(timezone.make_aware(datetime.datetime(2024, 12, 31, 23, 30), datetime.UTC))
    make_enquiry(d("2025-02-14"))
    make_enquiry(d("2025-04-01"))  # outside

    received = figures_for().received

    assert list(received) == [JAN, FEB, MAR]
    assert received[JAN] == {"self": 1, "professional": 1, "enquiry": 0}
    assert received[FEB] == {"self": 0, "professional": 0, "enquiry": 1}
    assert received[MAR] == {"self": 1, "professional": 0, "enquiry": 0}


def test_triage_outcomes_come_from_the_case_history():
    accepted_then_closed = make_referral(d("2025-01-10"), status=R.CLOSED)
    moved(accepted_then_closed, R.ACCEPTED, d("2025-01-12"))
    moved(accepted_then_closed, R.ALLOCATED, d("2025-01-20"))
    moved(accepted_then_closed, R.CLOSED, d("2025-03-01"))
    accepted = make_referral(d("2025-02-10"), status=R.ACCEPTED)
    moved(accepted, R.ACCEPTED, d("2025-02-11"))
    declined = make_referral(d("2025-02-10"), status=R.DECLINED)
    moved(declined, R.DECLINED, d("2025-02-12"))
    make_referral(d("2025-03-10"), status=R.UNDER_REVIEW)
    make_referral(d("2025-03-11"))
    # Received before the period: not counted, whatever happened to it in the period.
    moved(make_referral(d("2024-12-20")), R.DECLINED, d("2025-01-05"))

    assert figures_for().outcomes == {"accepted": 2, "declined": 1, "in_triage": 2}


def test_decline_reasons_are_grouped_and_rare_ones_pooled():
    reasons = ["Sleep support needed"] * 3 + ["sleep support needed  "] * 2 + ["Moved away"] * 2
    reasons += [REMOVED_TEXT] * 5
    for index, reason in enumerate(reasons):
        referral = make_referral(d("2025-01-10"), status=R.DECLINED, decline_reason=reason)
        moved(referral, R.DECLINED, d("2025-01-11") + datetime.timedelta(days=index))

    figures = figures_for()
    section = section_builders(figures, promise_working_days=5, case_url=str)["decline-reasons"]()

    assert sorted(figures.decline_reasons, key=lambda r: r[1]) == [
        ("Moved away", 2),
        (REMOVED_TEXT, 5),
        ("Sleep support needed", 5),
    ]
    rows = section.table.rows
    assert ["Reason removed under the retention policy", 5] in rows
    assert ["Sleep support needed", 5] in rows
    assert ["Other reasons, each given for fewer than 5 referrals", "fewer than 5"] in rows
    assert "Moved away" not in str(section.csv_rows()) + section.summary


def test_days_to_first_contact_allocation_and_filming_median_and_90th_percentile():
    # Three January referrals: contact after 2, 4 and 10 days.
    for received, contact_after, allocated_after, filmed_after in [
        (d("2025-01-06"), 2, 20, 40),
        (d("2025-01-13"), 4, 30, None),
        (d("2025-01-20"), 10, None, None),
    ]:
        referral = make_referral(received, status=R.ALLOCATED)
        work = casework(referral, first_contact=received + datetime.timedelta(days=contact_after))
        if allocated_after is not None:
            moved(referral, R.ALLOCATED, received + datetime.timedelta(days=allocated_after))
        if filmed_after is not None:
            cycle(work, 1, received + datetime.timedelta(days=filmed_after))
            # A cancelled earlier filming date is not the first filming.
            cycle(work, 2, received + datetime.timedelta(days=5), status=CycleStatus.CANCELLED)
    make_referral(d("2025-02-03"))  # no contact yet: counted as referred, not in the days

    figures = figures_for()
    january = figures.journey_by_month[JAN]
    overall = figures.journey_overall

    assert january["referrals"] == 3
    assert (january["contact_n"], january["contact_median"]) == (3, 4)
    # percentile_cont(0.9) of 2, 4, 10: position 1.8, so 4 + 0.8 * (10 - 4).
    assert january["contact_p90"] == pytest.approx(8.8)
    assert january["contact_in_time"] == 2  # 2 and 4 days are within the 7-day promise
    assert (january["allocation_n"], january["allocation_median"]) == (2, 25)
    assert january["allocation_p90"] == pytest.approx(29)
    assert (january["filming_n"], january["filming_median"]) == (1, 40)
    assert figures.journey_by_month[FEB]["referrals"] == 1
    assert figures.journey_by_month[FEB]["contact_n"] == 0
    assert figures.journey_by_month[MAR]["referrals"] == 0
    assert overall["referrals"] == 4 and overall["contact_n"] == 3

    section = section_builders(figures, promise_working_days=5, case_url=str)["first-contact"]()
    assert "67% were contacted within the promise of 5 working days (7 days)" in section.summary


def test_the_waiting_list_counts_families_accepted_and_awaiting_a_guider_today():
    today = timezone.localdate()
    waits = [3, 20, 100]
    for days in waits:
        referral = make_referral(today - datetime.timedelta(days=days + 5), status=R.ACCEPTED)
        moved(referral, R.ACCEPTED, today - datetime.timedelta(days=days))
    allocated = make_referral(today - datetime.timedelta(days=50), status=R.ALLOCATED)
    moved(allocated, R.ACCEPTED, today - datetime.timedelta(days=40))

    figures = figures_for()
    summary = figures.waiting_summary

    assert summary["families"] == 3
    assert summary["median"] == 20 and summary["longest"] == 100
    assert dict(summary["bands"]) == {
        "Under 2 weeks": 1,
        "2 to 4 weeks": 1,
        "4 to 8 weeks": 0,
        "8 to 13 weeks": 0,
        "13 to 26 weeks": 1,
        "26 weeks or more": 0,
    }
    assert [row["waited"] for row in figures.longest_waits] == [100, 20, 3]
    assert [row["since_referral"] for row in figures.longest_waits] == [105, 25, 8]


def _ended(outcome, on, cycles_done=0, extra_cycles=()):
    referral = make_referral(d("2024-10-01"), status=R.CLOSED)
    moved(referral, R.ALLOCATED, d("2024-10-10"))
    work = casework(referral, outcome=outcome, ended=on)
    for number in range(1, cycles_done + 1):
        cycle(work, number, d("2024-11-01") + datetime.timedelta(days=14 * number))
    for number, status in enumerate(extra_cycles, start=cycles_done + 1):
        cycle(work, number, d("2024-11-01"), status=status)
    return work


def test_cycles_per_completed_case_and_how_the_work_ended():
    _ended(Outcome.COMPLETED, d("2025-01-15"), 3)
    _ended(Outcome.COMPLETED, d("2025-02-15"), 3, [CycleStatus.CANCELLED])
    _ended(Outcome.COMPLETED, d("2025-03-15"), 4)
    _ended(Outcome.ENDED_BY_FAMILY, d("2025-02-01"), 1)
    _ended(Outcome.COMPLETED, d("2025-04-02"), 6)  # ended after the period
    closed_without_ending = make_referral(d("2024-11-01"), status=R.CLOSED)
    moved(closed_without_ending, R.ALLOCATED, d("2024-11-05"))
    type(closed_without_ending).objects.filter(pk=closed_without_ending.pk).update(
        closed_at=at(d("2025-03-20"))
    )

    figures = figures_for()

    assert figures.cycles["families"] == 3
    assert figures.cycles["bins"] == [(0, 0), (1, 0), (2, 0), (3, 2), (4, 1)]
    assert figures.cycles["more"] == 0
    assert figures.cycles["median"] == 3
    assert figures.cycles["mean"] == pytest.approx(10 / 3)
    assert figures.endings == {
        "": 1,
        Outcome.COMPLETED: 3,
        Outcome.ENDED_BY_FAMILY: 1,
        Outcome.ENDED_BY_SERVICE: 0,
        Outcome.MOVED_AWAY: 0,
    }
    section = section_builders(figures, promise_working_days=5, case_url=str)["endings"]()
    assert "60% completed it and 20% ended early" in section.summary


def test_goal_ratings_median_change_and_reliable_change():
    first = _ended(Outcome.COMPLETED, d("2025-02-01"))
    goal(first, 1, 2, 8)  # +6: reliable improvement
    goal(first, 2, 5, 6)  # +1: no reliable change
    second = _ended(Outcome.ENDED_BY_FAMILY, d("2025-03-01"))
    goal(second, 1, 7, 3)  # -4: reliably worse
    goal(second, 2, 4)  # no end rating: not counted
    later = _ended(Outcome.COMPLETED, d("2025-05-01"))
    goal(later, 1, 1, 10)  # ended after the period

    goals = figures_for().goals

    assert goals["goals"] == 3 and goals["families"] == 2
    assert (goals["start_median"], goals["end_median"], goals["change_median"]) == (5, 6, 1)
    assert (goals["improved"], goals["worse"]) == (1, 1)


def test_groups_by_postcode_district_and_age_band_include_anonymised_cases():
    for _ in range(5):
        make_referral(d("2025-01-10"), postcode="EH54 6FF", child_date_of_birth=d("2021-01-11"))
    # Anonymised: the district only, the year of birth only (1 January).
    make_referral(d("2025-01-10"), postcode="EH54", child_date_of_birth=d("2020-01-01"))
    make_referral(d("2025-01-10"), postcode="EH52 5AB", child_date_of_birth=d("2007-01-10"))

    figures = figures_for()

    assert figures.by_district["EH54"]["referrals"] == 6
    assert figures.by_district["EH52"]["referrals"] == 1
    # Aged 3 (birthday the next day), 5, and 18 on the day of referral.
    assert figures.by_age_band["0–4"]["referrals"] == 5
    assert figures.by_age_band["5–11"]["referrals"] == 1
    assert figures.by_age_band["12–18"]["referrals"] == 1


def test_percentile_fallback_matches_the_database():
    values = [2, 4, 10, 11, 30]
    for value in values:
        referral = make_referral(d("2025-01-06"))
        casework(referral, first_contact=d("2025-01-06") + datetime.timedelta(days=value))
    overall = figures_for().journey_overall
    assert overall["contact_median"] == percentile_cont(values, 0.5) == 10
    assert overall["contact_p90"] == pytest.approx(percentile_cont(values, 0.9)) == 22.4


def test_the_promise_in_calendar_days_is_the_longest_the_working_days_can_take():
    assert promise_calendar_days(5) == 7
    assert promise_calendar_days(10) == 14
    assert promise_calendar_days(1) == 3  # Friday to Monday


def test_a_period_covers_every_month_it_touches():
    period = Period(datetime.date(2024, 11, 15), datetime.date(2025, 2, 3))
    assert period.months == [
        datetime.date(2024, 11, 1),
        datetime.date(2024, 12, 1),
        datetime.date(2025, 1, 1),
        datetime.date(2025, 2, 1),
    ]
    assert QUARTER.months == [JAN, FEB, MAR]
