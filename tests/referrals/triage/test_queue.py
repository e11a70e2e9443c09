"""The queue list: order, columns, filters, search, and a query count independent of size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.cases.admin_urls import list_url
from referrals.models import Enquiry, OutboundEmail, Referral, ReferralKind, ReferralStatus
from tests.factories import EnquiryFactory, ReferralFactory


def listing(client, q=None, **params):
    """The queue as an officer sees it; a search term is posted, as the search box does."""
    if q is not None:
        response = client.get(client.post(list_url(Referral), {"q": q, **params})["Location"])
    else:
        response = client.get(list_url(Referral), params)
    assert response.status_code == 200
    return response.content.decode()


def test_newest_first_shows_the_newest_at_the_top_with_status_kind_age_and_assignee(
    client, officer
):
    older = ReferralFactory(received_at=timezone.now() - timedelta(days=3), assigned_to=officer)
    newest = ReferralFactory(kind=ReferralKind.PROFESSIONAL)
    client.force_login(officer)

    html = listing(client, o="-2")  # "Show newest first" (the list opens overdue first)

    assert html.index(newest.reference) < html.index(older.reference)
    assert "Professional" in html
    assert "3 days ago" in html
    assert "New" in html
    assert "Officer1 Tester" in html


def test_flags_are_shown_as_readable_tags(client, officer):
    ReferralFactory(flagged_possible_spam=True, flagged_not_verified=True, safe_to_email=False)
    client.force_login(officer)

    html = listing(client)

    for label in ("Possible spam", "Not verified", "Unsafe to email"):
        assert f'<span class="w-status w-status--label">{label}</span>' in html


def test_filters_by_status_kind_assignee_overdue_and_flag(client, officer, officer2):
    new = ReferralFactory()
    reviewing = ReferralFactory(status=ReferralStatus.UNDER_REVIEW, assigned_to=officer)
    professional = ReferralFactory(kind=ReferralKind.PROFESSIONAL, assigned_to=officer2)
    overdue = ReferralFactory(received_at=timezone.now() - timedelta(days=30))
    spam = ReferralFactory(flagged_possible_spam=True, status=ReferralStatus.ACCEPTED)
    client.force_login(officer)

    def refs(**params):
        html = listing(client, **params)
        return {
            r.reference
            for r in (new, reviewing, professional, overdue, spam)
            if r.reference in html
        }

    assert refs(status__exact="under_review") == {reviewing.reference}
    assert refs(kind__exact="professional") == {professional.reference}
    assert refs(assigned="me") == {reviewing.reference}
    assert refs(assigned="unassigned") == {new.reference, overdue.reference, spam.reference}
    assert refs(overdue="yes") == {overdue.reference}
    assert refs(flagged="possible_spam") == {spam.reference}
    assert len(refs()) == 5


@pytest.mark.parametrize(
    "typed",
    ["{ref}", "{ref_lower}", "{ref_spaced}", "Rowan", "Kestrel", "EH99 9ZZ", "eh99"],
)
def test_search_finds_by_reference_names_and_postcode(client, officer, typed):
    wanted = ReferralFactory(
        contact_name="Rowan Fictional", child_first_name="Kestrel", postcode="EH99 9ZZ"
    )
    other = ReferralFactory()
    ref = wanted.reference
    query = typed.format(
        ref=ref, ref_lower=ref.lower(), ref_spaced=ref.replace("-", " ").lower()[4:]
    )
    client.force_login(officer)

    html = listing(client, q=query)

    assert wanted.reference in html
    assert other.reference not in html


def test_empty_queue_says_so(client, officer):
    client.force_login(officer)
    assert "There are no referrals yet" in listing(client)


def count_list_queries(client, number):
    ReferralFactory.create_batch(number)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(Referral))
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_is_the_same_for_5_and_100_referrals(client, officer, officer2):
    client.force_login(officer)
    client.get(list_url(Referral))  # warm per-session caches
    with_5 = count_list_queries(client, 5)
    ReferralFactory.create_batch(95, assigned_to=officer2, flagged_possible_spam=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(Referral))
    assert response.status_code == 200
    assert len(queries) == with_5


def test_enquiries_are_listed_and_searchable_by_name(client, officer):
    enquiry = EnquiryFactory(name="Juniper Fictional")
    other = EnquiryFactory()
    client.force_login(officer)

    url = list_url(Enquiry)
    html = client.get(client.post(url, {"q": "juniper"})["Location"])

    assert enquiry.reference in html.content.decode()
    assert other.reference not in html.content.decode()


def test_outbox_lists_messages_without_their_addresses(client, officer, referral, officer2):
    from referrals.triage.services import case_assign

    case_assign(case=referral, officer=officer2, by=officer)
    client.force_login(officer)

    html = client.get(list_url(OutboundEmail)).content.decode()

    assert referral.reference in html
    assert officer2.email not in html


def test_enquiry_list_query_count_does_not_grow_with_rows(client, officer, officer2):
    client.force_login(officer)
    url = list_url(Enquiry)
    EnquiryFactory.create_batch(5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    EnquiryFactory.create_batch(60, assigned_to=officer2)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
