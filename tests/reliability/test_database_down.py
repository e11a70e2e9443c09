"""The database down or refusing connections: a 503 page that says nothing was saved and gives
the phone number, never a stack trace; pages already in the page cache are still served.

The requests run in a thread of their own whose database connection points at a real address
that refuses it — a closed port on 127.0.0.1 for PostgreSQL, a file in a folder that does not
exist for SQLite — so the driver's own error reaches the site, as in an outage. The test's own
connection (and its transaction) are untouched.
"""

import pytest
from django.test import Client

from home.models import SiteSettings
from referrals.models import OutboundEmail, Referral

from .outages import with_database_refusing
from .submit import submit_referral

pytestmark = pytest.mark.django_db


def assert_outage_page(response, phone):
    html = response.content.decode()
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "not available just now" in html
    assert phone in html
    for leak in ("Traceback", "OperationalError", "connection", "127.0.0.1", "sqlite"):
        assert leak not in html, leak


def test_a_database_refusing_connections_gets_a_503_with_the_phone_number(
    home_page, refer_url, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # nothing from the page cache: every page needs it
    phone = SiteSettings._meta.get_field("phone").default  # no settings can be read either

    for path in ("/", refer_url):
        assert_outage_page(with_database_refusing(lambda client, p=path: client.get(p)), phone)


def test_with_the_database_down_cached_pages_are_served_and_a_sent_form_says_it_was_not_saved(
    home_page, refer_url, answers
):
    visitor = Client()
    assert visitor.get("/").status_code == 200  # in the page cache now
    assert visitor.get(refer_url).status_code == 200  # the blank form too
    before = Referral.objects.count(), OutboundEmail.objects.count()
    phone = SiteSettings._meta.get_field("phone").default

    def visit(client):
        return client.get("/"), submit_referral(client, refer_url, answers)

    home, sent = with_database_refusing(visit)

    assert home.status_code == 200 and home["X-Page-Cache"] == "hit"
    assert_outage_page(sent, phone)  # the form itself came from the cache: it was shown
    assert "has not been saved" in sent.content.decode()
    assert (Referral.objects.count(), OutboundEmail.objects.count()) == before
