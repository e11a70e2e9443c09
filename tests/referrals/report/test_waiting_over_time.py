"""The waiting list's length over time and the VIG Guiders' loads against capacity (issue 24),
in the service report and on the Managers' dashboard, against hand-worked examples, with the
report's small-number suppression."""

import datetime
import re

import pytest
from django.urls import reverse

from referrals.models import GuiderCapacity, ReferralStatus
from referrals.report.figures import Figures
from referrals.report.sections.waiting import read_length, read_load
from referrals.report.tables import FEWER_THAN_5, HIDDEN
from referrals.report.waiting import length_by_month, waiting_at
from tests.factories import ReferralFactory, UserFactory
from tests.html import soup, text_of
from tests.referrals.report.conftest import PROMISE_DAYS, QUARTER, at, d, make_referral, moved

pytestmark = pytest.mark.django_db
R = ReferralStatus
TODAY = datetime.date(2025, 6, 1)


def accepted(on, *, allocated=None):
    referral = make_referral(d(on) - datetime.timedelta(days=5))
    moved(referral, R.ACCEPTED, d(on), source=R.UNDER_REVIEW)
    if allocated:
        moved(referral, R.ALLOCATED, d(allocated), source=R.ACCEPTED)
    return referral


@pytest.fixture
def first_quarter():
    """By hand: the end of January, A, B and C wait (3); the end of February, B to G (6: A was
    allocated on 5 February); the end of March, B to F (5: G was allocated on 10 March)."""
    accepted("2025-01-10", allocated="2025-02-05")  # A
    accepted("2025-01-20")  # B
    accepted("2025-01-20")  # C
    for _ in range(3):
        accepted("2025-02-15")  # D, E, F
    accepted("2025-02-15", allocated="2025-03-10")  # G
    accepted("2025-04-02")  # after the quarter


def test_the_length_at_each_month_end_comes_from_the_history(first_quarter):
    assert length_by_month(QUARTER.months, QUARTER.end) == [
        (d("2025-01-31"), 3),
        (d("2025-02-28"), 6),
        (d("2025-03-31"), 5),
    ]


def test_a_family_counts_until_the_moment_it_is_allocated():
    accepted("2025-01-10", allocated="2025-01-20")  # moved at noon on 20 January
    assert waiting_at([at(d("2025-01-20"), 11), at(d("2025-01-20"), 13)]) == [1, 0]


def test_the_reports_table_shows_fewer_than_5_for_a_small_month(first_quarter):
    reading = read_length(Figures(QUARTER, today=TODAY, promise_days=PROMISE_DAYS), None)
    assert reading.table.rows == [
        ["31 January 2025", FEWER_THAN_5],
        ["28 February 2025", 6],
        ["31 March 2025", 5],
    ]
    assert "At the end of 31 March 2025, 5 families were accepted and waiting" in reading.summary
    assert "3" not in reading.summary.replace("31 March", "")


def test_a_month_under_way_is_counted_to_today(first_quarter):
    today = datetime.date(2025, 2, 20)
    reading = read_length(Figures(QUARTER, today=today, promise_days=PROMISE_DAYS), None)
    assert [row[0] for row in reading.table.rows] == ["31 January 2025", "20 February 2025"]


def guider(name, families, capacity=None):
    person = UserFactory(guider=True, first_name=name)
    if capacity is not None:
        GuiderCapacity.objects.create(guider=person, families=capacity)
    for _ in range(families):
        ReferralFactory(status=R.ALLOCATED, guider=person)
    return person


def test_each_guiders_load_is_shown_against_capacity_with_small_counts_suppressed():
    """By hand: Bea's 3 is "fewer than 5"; as the only one hidden, the next smallest (Cat's 7)
    is hidden too, so the total of 18 does not give Bea's away."""
    guider("Ann", 0)
    guider("Bea", 3)
    guider("Cat", 7)  # beyond the default capacity of 6
    guider("Dan", 8, capacity=10)
    UserFactory(guider=True, is_active=False)  # not counted

    reading = read_load(Figures(QUARTER, today=TODAY, promise_days=PROMISE_DAYS), None)

    assert reading.table.rows == [
        ["Ann Tester", 0, 6],
        ["Bea Tester", FEWER_THAN_5, 6],
        ["Dan Tester", 8, 10],
        ["Cat Tester", HIDDEN, 6],  # full: after those with room
    ]
    assert reading.table.footer == ["All VIG Guiders", 18, 28]
    assert "4 active VIG Guiders have 18 families between them" in reading.summary


def test_the_report_page_has_both_sections(manager_client, first_quarter):
    response = manager_client.get(
        reverse("referrals_service_report"), {"start": "01/01/2025", "end": "31/03/2025"}
    )
    html = response.content.decode()
    assert 'id="waiting-over-time"' in html
    assert 'id="guider-load"' in html
    download = manager_client.get(
        reverse("referrals_service_report"),
        {"start": "01/01/2025", "end": "31/03/2025", "download": "waiting-over-time"},
    )
    assert download.content.decode().splitlines()[1:] == [
        "31 January 2025,fewer than 5",
        "28 February 2025,6",
        "31 March 2025,5",
    ]


def test_a_managers_dashboard_shows_the_waiting_list_and_the_guiders_loads(manager_client):
    guider("Dan", 8, capacity=10)
    for _ in range(6):
        ReferralFactory(status=R.ACCEPTED, submitted=True)  # the history says when

    html = manager_client.get(reverse("wagtailadmin_home")).content.decode()

    panel = soup(html).find(id=re.compile("^waiting-list"))
    assert panel is not None
    tables = panel.find_all("table")
    months = [[text_of(c) for c in row.find_all(["th", "td"])] for row in tables[0].tbody("tr")]
    assert len(months) == 6
    assert months[-1][1] == "6"
    loads = [[text_of(c) for c in row.find_all(["th", "td"])] for row in tables[1].tbody("tr")]
    assert loads == [["Dan Tester", "8", "10"]]


def test_an_officers_dashboard_has_no_waiting_list_panel(officer_client):
    html = officer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="waiting-list' not in html
