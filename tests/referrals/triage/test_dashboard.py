"""The triage panel on the admin home page: counts linking to the filtered queue."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from referrals.cases import selectors
from referrals.cases.admin_urls import list_url
from referrals.models import Referral, ReferralStatus
from tests.factories import ReferralFactory


def make_queue(officer, officer2):
    old = timezone.now() - timedelta(days=30)
    ReferralFactory.create_batch(2)  # new
    ReferralFactory(received_at=old)  # new and overdue
    ReferralFactory(received_at=old, status=ReferralStatus.UNDER_REVIEW, assigned_to=officer)
    ReferralFactory(status=ReferralStatus.ACCEPTED)
    ReferralFactory(status=ReferralStatus.ACCEPTED, assigned_to=officer)
    ReferralFactory(status=ReferralStatus.CLOSED, assigned_to=officer)  # finished: not counted
    ReferralFactory(status=ReferralStatus.ALLOCATED, assigned_to=officer2)


def test_dashboard_counts(officer, officer2):
    make_queue(officer, officer2)

    assert selectors.dashboard_counts(officer) == {
        "new": 3,
        "overdue": 2,
        "awaiting_allocation": 2,
        "assigned_to_me": 2,
    }


def test_dashboard_panel_links_each_count_to_the_filtered_list(client, officer, officer2):
    make_queue(officer, officer2)
    client.force_login(officer)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    index = list_url(Referral)
    for query, count, label in [
        ("status__exact=new", 3, "New"),
        ("overdue=yes", 2, "Overdue"),
        ("status__exact=accepted", 2, "Awaiting a VIG Guider"),
        ("assigned=me", 2, "Assigned to me"),
    ]:
        pattern = (
            rf'<a href="{re.escape(index)}\?{re.escape(query)}">\s*'
            rf'<strong class="triage-summary__count">{count}</strong> {label}</a>'
        )
        assert re.search(pattern, html), label


def test_each_dashboard_link_lists_what_it_counted(client, officer, officer2):
    make_queue(officer, officer2)
    client.force_login(officer)
    index = list_url(Referral)

    for params, expected in [
        ({"status__exact": "new"}, 3),
        ({"overdue": "yes"}, 2),
        ({"status__exact": "accepted"}, 2),
    ]:
        response = client.get(index, params)
        assert response.context["result_count"] == expected
