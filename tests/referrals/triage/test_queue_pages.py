"""The queue's default order read a page at a time (selectors.QueueInOrder): every case once,
in order, and the same number of queries wherever a page falls, on PostgreSQL and on SQLite."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.cases import selectors
from referrals.cases.admin_urls import list_url
from referrals.cases.kinds import REFERRAL
from referrals.models import Referral, ReferralStatus
from tests.factories import ReferralFactory
from tests.fresh_sqlite import run_on_fresh_sqlite


def the_queue(user):
    return selectors.QueueInOrder(selectors.case_list(user, REFERRAL), REFERRAL)


@pytest.fixture
def open_and_closed(db):
    """Two overdue cases, three others still open and five closed (two received together),
    as the queue's default order lists them."""
    now = timezone.now()
    overdue = [ReferralFactory(received_at=now - timedelta(days=30 + n)) for n in range(2)]
    waiting = [
        ReferralFactory(received_at=now - timedelta(hours=n), status=status)
        for n, status in enumerate(
            (ReferralStatus.NEW, ReferralStatus.ACCEPTED, ReferralStatus.NEEDS_INFORMATION)
        )
    ]
    closed = [
        ReferralFactory(received_at=now - timedelta(days=days), status=ReferralStatus.CLOSED)
        for days in (1, 2, 2, 40, 41)
    ]
    # Overdue, then the other open cases, both oldest first; then the rest newest first (of
    # two received at the same moment, the later saved first).
    return [
        *overdue[::-1],
        *waiting[::-1],
        closed[0],
        closed[2],
        closed[1],
        closed[3],
        closed[4],
    ]


@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 6, 10, 11])
def test_pages_list_every_case_once_in_the_queues_order_across_open_and_closed(
    officer, open_and_closed, per_page
):
    read = []
    for start in range(0, len(open_and_closed), per_page):
        # A fresh sequence for each page, as each request of the list makes its own.
        read += the_queue(officer)[start : start + per_page]

    assert [case.reference for case in read] == [case.reference for case in open_and_closed]


def test_a_page_spanning_open_and_closed_cases_takes_as_many_queries_as_one_within_a_part(
    officer, open_and_closed, django_assert_num_queries
):
    open_count = 5
    queue = the_queue(officer)
    with django_assert_num_queries(1):  # the total and the open cases, together
        assert queue.count() == len(open_and_closed)
        assert len(queue) == len(open_and_closed)
        assert queue.open_count == open_count
    pages = {
        "all open": slice(0, 4),
        "spanning": slice(3, 7),
        "all closed": slice(6, 10),
        "whole queue": slice(0, 50),
    }
    for name, page in pages.items():
        with CaptureQueriesContext(connection) as queries:
            rows = queue[page]
        assert len(queries) == 1, name
        assert rows == open_and_closed[page], name


def test_a_spanning_page_brings_the_related_rows_the_list_shows(
    officer, officer2, open_and_closed, django_assert_num_queries
):
    for case in open_and_closed:
        case.assigned_to = officer2
        case.save(update_fields=["assigned_to"])
    queue = the_queue(officer)
    queue.count()

    with django_assert_num_queries(1):
        assignees = {case.assigned_to.username for case in queue[3:7]}

    assert assignees == {officer2.username}


def list_queries(client, surname):
    """Queries for the list's first page of a name search, posted as the search box does."""
    url = client.post(list_url(Referral), {"q": surname})["Location"]
    client.get(url)  # warm per-session caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_name_search_spanning_open_and_closed_cases_takes_as_many_queries_as_all_open(
    client, officer
):
    now = timezone.now()
    family = [
        ReferralFactory(contact_name="Ash Wrenfield", received_at=now - timedelta(hours=n))
        for n in range(3)
    ]
    ReferralFactory.create_batch(4)
    client.force_login(officer)
    all_open, _ = list_queries(client, "Wrenfield")

    family += [
        ReferralFactory(
            contact_name="Bo Wrenfield",
            received_at=now - timedelta(days=400 + n),
            status=ReferralStatus.CLOSED,
        )
        for n in range(3)
    ]
    ReferralFactory.create_batch(4, status=ReferralStatus.CLOSED)
    spanning, html = list_queries(client, "Wrenfield")

    assert spanning == all_open
    in_order = [*family[2::-1], *family[3:]]  # the open cases oldest first, then newest first
    positions = [html.index(case.reference) for case in in_order]
    assert positions == sorted(positions)


SQLITE_SCRIPT = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from referrals.cases import selectors
from referrals.cases.kinds import REFERRAL
from referrals.models import ReferralStatus
from tests.factories import ReferralFactory

now = timezone.now()
made = [
    ReferralFactory(received_at=now - timedelta(days=30)),
    ReferralFactory(received_at=now - timedelta(hours=1), status=ReferralStatus.ACCEPTED),
    ReferralFactory(received_at=now - timedelta(hours=2)),
    ReferralFactory(received_at=now - timedelta(days=1), status=ReferralStatus.CLOSED),
    ReferralFactory(received_at=now - timedelta(days=2), status=ReferralStatus.CLOSED),
]
user = get_user_model().objects.create_superuser("sqlite-officer", password=None)
queue = selectors.QueueInOrder(selectors.case_list(user, REFERRAL), REFERRAL)
pages = [queue[start : start + 2] for start in range(0, queue.count(), 2)]
print(json.dumps({
    "read": [case.reference for page in pages for case in page],
    "expected": [made[i].reference for i in (0, 2, 1, 3, 4)],
    "after": selectors.QueueInOrder(
        selectors.case_list(user, REFERRAL), REFERRAL
    ).after(made[1]).reference,
}))
"""


def test_pages_spanning_open_and_closed_cases_read_in_order_on_sqlite(tmp_path):
    """`make run` uses SQLite; run in a process of its own on a fresh SQLite file."""
    found = json.loads(run_on_fresh_sqlite(tmp_path, SQLITE_SCRIPT).strip().splitlines()[-1])
    assert found["read"] == found["expected"]
    assert found["after"] == found["read"][3]  # the first closed case after the last open one
