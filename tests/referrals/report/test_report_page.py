"""The service report page: who may see it, the period form, the charts' accessibility, the
CSV downloads, and a number of queries that does not grow with the number of cases."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from referrals.cases.admin_urls import case_url
from referrals.models import CaseExport, ReferralKind
from referrals.models.casework import CycleStatus, Outcome
from referrals.report.sections import MEASURES

from .conftest import R, casework, cycle, d, goal, make_enquiry, make_referral, moved

pytestmark = pytest.mark.django_db
URL = "/admin/referrals/report/"
QUARTER = {"start": "1/1/2025", "end": "31/3/2025"}


def test_the_report_has_its_own_address():
    assert reverse("referrals_service_report") == URL


@pytest.mark.parametrize("role", ["officer", "guider", "editor"])
def test_only_managers_see_the_report(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code in (302, 403)  # Wagtail sends them to the dashboard
    assert b"Service report" not in response.content
    assert client.get(URL, {"download": "received"}).status_code in (302, 403)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_managers_find_the_report_in_the_referrals_menu(client, manager, officer):
    client.force_login(manager)
    assert URL in client.get("/admin/").content.decode()
    client.force_login(officer)
    assert URL not in client.get("/admin/").content.decode()


def test_the_default_period_is_the_last_12_months(client, manager):
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    today = datetime.date.today()
    start = response.context["period"].start
    assert start.day == 1 and (today.year - start.year) * 12 + today.month - start.month == 11
    assert response.context["period"].end == today
    assert f'value="{start:%d/%m/%Y}"' in html


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({"start": "31/2/2025", "end": "31/3/2025"}, "start", "Enter a real date"),
        ({"start": "1/1/2025", "end": "next week"}, "end", "Enter a real date"),
        ({"start": "1/3/2025", "end": "1/1/2025"}, "end", "must be the same as or after"),
        ({"start": "1/1/2025", "end": "1/1/2099"}, "end", "cannot end in the future"),
        ({"start": "1/1/2001", "end": "1/1/2025"}, "start", "5 years or less"),
        ({"start": "", "end": "1/1/2025"}, "start", "Enter the first day"),
    ],
)
def test_a_bad_period_gets_a_message_by_the_field_keeping_what_was_typed(
    client, manager, given, field, message
):
    client.force_login(manager)
    response = client.get(URL, given)
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(rf'<p class="error-message" id="id_{field}-error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    for name, value in given.items():
        assert f'name="{name}" id="id_{name}" value="{value}"' in html
    assert 'aria-invalid="true"' in html
    assert 'class="vig-chart"' not in html  # no report for a period that does not make sense


def test_other_ways_of_writing_a_date_are_understood(client, manager):
    client.force_login(manager)
    response = client.get(URL, {"start": "2025-01-01", "end": "31 March 2025"})
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.start, period.end) == (d("2025-01-01"), d("2025-03-31"))


def test_every_chart_is_an_image_named_by_its_heading_and_summary_with_its_table(client, manager):
    make_referral(d("2025-01-10"))
    client.force_login(manager)
    html = client.get(URL, QUARTER).content.decode()
    charts = re.findall(r'<svg class="vig-chart"[^>]*>', html)
    assert len(charts) == len(MEASURES) >= 14  # one a measure
    for tag in charts:
        assert 'role="img"' in tag
        title_id, summary_id = re.search(r'aria-labelledby="([^"]+)"', tag).group(1).split()
        assert f'<h2 id="{title_id}">' in html
        assert f'<p id="{summary_id}"' in html
    tables = re.findall(r'<table class="listing">\s*<caption>[^<]+</caption>', html)
    assert len(tables) == html.count('<table class="listing">') >= 12
    # Drawn in the text colour, told apart by pattern: no colour of its own, no script.
    svg = "".join(re.findall(r'<svg class="vig-chart".*?</svg>', html, re.S))
    assert not re.search(r'(fill|stroke)="#', svg)
    assert "<script" not in svg
    assert "1 referral (1 from parents or carers, 0 from professionals)" in html


def test_the_page_keeps_the_admins_content_security_policy(client, manager):
    client.force_login(manager)
    response = client.get(URL, QUARTER)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "object-src 'none'" in policy
    assert "no-store" in response["Cache-Control"]


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_each_table_downloads_as_csv_with_the_same_rows(client, manager):
    make_referral(d("2025-01-10"), kind=ReferralKind.PROFESSIONAL)
    make_referral(d("2025-03-10"))
    make_enquiry(d("2025-02-10"))
    client.force_login(manager)

    rows = _csv(client.get(URL, {**QUARTER, "download": "received"}))

    assert rows == [
        [
            "Month",
            "Referrals from parents or carers",
            "Referrals from professionals",
            "Enquiries",
            "Total",
        ],
        ["Jan 2025", "0", "1", "0", "1"],
        ["Feb 2025", "0", "0", "1", "1"],
        ["Mar 2025", "1", "0", "0", "1"],
        ["All months", "1", "1", "1", "3"],
    ]


def test_csv_cells_are_neutralised_like_the_exports(client, manager):
    formula = '=HYPERLINK("http://example.invalid","help")'
    for index in range(5):
        referral = make_referral(d("2025-01-10"), status=R.DECLINED, decline_reason=formula)
        moved(referral, R.DECLINED, d("2025-01-11") + datetime.timedelta(days=index))
    client.force_login(manager)

    rows = _csv(client.get(URL, {**QUARTER, "download": "decline-reasons"}))

    assert rows[1] == ["'" + formula, "5"]


def test_an_unknown_table_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get(URL, {**QUARTER, "download": "nothing"}).status_code == 404


def test_the_waiting_list_download_names_each_family_and_is_recorded(client, manager):
    today = datetime.date.today()
    referral = make_referral(today - datetime.timedelta(days=30), status=R.ACCEPTED)
    moved(referral, R.ACCEPTED, today - datetime.timedelta(days=21))
    client.force_login(manager)

    rows = _csv(client.get(URL, {"download": "waiting-list"}))

    assert rows[1][0] == referral.reference and rows[1][3:] == ["21", "30"]
    export = CaseExport.objects.get()
    assert export.references == [referral.reference] and export.user == manager
    assert ModelLogEntry.objects.filter(action="referrals.cases.export").exists()


def test_the_page_shows_the_longest_waits_with_links_to_the_cases(client, manager):
    today = datetime.date.today()
    referral = make_referral(today - datetime.timedelta(days=10), status=R.ACCEPTED)
    moved(referral, R.ACCEPTED, today - datetime.timedelta(days=8))
    client.force_login(manager)
    html = client.get(URL).content.decode()
    address = case_url(referral)
    assert f'<a href="{address}">{referral.reference}</a>' in html


def _cases(count):
    """`count` referrals over the quarter, in every state, with casework for half of them."""
    for n in range(count):
        received = d("2025-01-02") + datetime.timedelta(days=n % 85)
        status = [R.NEW, R.ACCEPTED, R.DECLINED, R.CLOSED][n % 4]
        referral = make_referral(
            received,
            status=status,
            kind=ReferralKind.PROFESSIONAL if n % 3 else ReferralKind.SELF,
            postcode=f"EH5{n % 7} 1AA",
            decline_reason=f"Reason {n % 6}" if status == R.DECLINED else "",
        )
        if status == R.DECLINED:
            moved(referral, R.DECLINED, received + datetime.timedelta(days=3))
        if status in (R.ACCEPTED, R.CLOSED):
            moved(referral, R.ACCEPTED, received + datetime.timedelta(days=3))
        if status == R.CLOSED:
            moved(referral, R.ALLOCATED, received + datetime.timedelta(days=9))
            work = casework(
                referral,
                first_contact=received + datetime.timedelta(days=2),
                outcome=Outcome.COMPLETED,
                ended=received + datetime.timedelta(days=60),
            )
            cycle(work, 1, received + datetime.timedelta(days=20))
            cycle(work, 2, received + datetime.timedelta(days=34), status=CycleStatus.CANCELLED)
            goal(work, 1, 3, 7)
        if n % 10 == 0:
            make_enquiry(received)


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, QUARTER)
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_cases(
    client, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    _queries(client)  # the first request of a session does some one-off work
    _cases(10)
    with django_assert_max_num_queries(40):
        at_10 = _queries(client)
    _cases(190)
    with django_assert_max_num_queries(40):
        at_200 = _queries(client)
    assert at_10 == at_200
