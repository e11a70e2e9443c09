"""The empty enquiry form and the referral's start page are rendered once per content version
and shared; every visitor still gets their own working CSRF token, and an editor's change shows
at once. The referral's question pages hold a visitor's own answers: never shared."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from referrals.models import Enquiry, Referral
from tests.intake_journey import first_question_url, send_referral

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return TOKEN.search(response.content.decode()).group(1)


def test_each_visitor_gets_their_own_token_and_can_send_the_form(enquiry_url, enquiry_data):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token, second_token = open_form(first, enquiry_url), open_form(second, enquiry_url)
    assert first_token != second_token
    for client, token in ((first, first_token), (second, second_token)):
        response = client.post(enquiry_url, {**enquiry_data, "csrfmiddlewaretoken": token})
        assert response.status_code == 302
    assert Enquiry.objects.count() == 2


def test_each_visitor_sends_a_referral_with_their_own_tokens(refer_url, referral_data):
    for _visitor in range(2):
        client = Client(enforce_csrf_checks=True)
        assert send_referral(client, refer_url, referral_data).status_code == 302
    assert Referral.objects.count() == 2


def test_the_shared_form_is_served_from_the_cache_like_a_page(enquiry_url):
    open_form(Client(), enquiry_url)
    with CaptureQueriesContext(connection) as second:
        response = Client().get(enquiry_url)
    assert response["X-Page-Cache"] == "hit"
    assert len(second) == 0
    assert "no-store" in response["Cache-Control"]
    assert response.cookies["csrftoken"].value  # the visitor's own CSRF cookie is set


def test_the_referral_start_page_is_served_from_the_cache_like_a_page(refer_url):
    Client().get(refer_url)
    with CaptureQueriesContext(connection) as second:
        response = Client().get(refer_url)
    assert response["X-Page-Cache"] == "hit"
    assert len(second) == 0


def test_question_pages_are_never_shared_between_visitors(refer_url, referral_data):
    parent = Client()
    question = first_question_url(parent, refer_url)
    assert parent.post(question, referral_data).status_code == 302
    for _visit in range(2):
        stranger = Client().get(question)
        assert "X-Page-Cache" not in stranger
        assert "no-store" in stranger["Cache-Control"]
        assert referral_data["contact_name"] not in stranger.content.decode()
    # And the parent still sees their own answer, not a copy made for someone else.
    assert referral_data["contact_name"] in parent.get(question).content.decode()


def test_publishing_the_form_page_changes_the_form_at_once(form_pages, refer_url):
    Client().get(refer_url)
    page = form_pages["refer"]
    page.introduction = "A new introduction, just published."
    page.save_revision().publish()
    assert "A new introduction, just published." in Client().get(refer_url).content.decode()


def test_saving_the_site_settings_changes_the_form_at_once(enquiry_url, site_settings):
    open_form(Client(), enquiry_url)
    site_settings.phone = "01506 000222"
    site_settings.save()
    assert "01506 000222" in Client().get(enquiry_url).content.decode()


def test_the_placeholder_never_reaches_a_visitor(enquiry_url, client):
    from home.cache import CSRF_PLACEHOLDER

    open_form(Client(), enquiry_url)
    assert CSRF_PLACEHOLDER not in client.get(enquiry_url).content.decode()


def test_the_confirmation_page_follows_an_editors_change_and_keeps_each_reference(
    form_pages, refer_url, referral_data
):
    first, second = Client(), Client()
    send_referral(first, refer_url, referral_data)
    first.get(f"{refer_url}confirmation/")  # the shared page is rendered now
    page = form_pages["refer"]
    page.confirmation_title = "Thank you: we have it"
    page.save_revision().publish()
    send_referral(second, refer_url, referral_data)
    html = second.get(f"{refer_url}confirmation/").content.decode()
    assert "Thank you: we have it" in html
    first_ref, second_ref = Referral.objects.order_by("pk").values_list("reference", flat=True)
    assert second_ref in html and first_ref not in html
    assert first_ref in first.get(f"{refer_url}confirmation/").content.decode()


def test_a_preview_never_shows_the_shared_confirmation(form_pages, refer_url, referral_data):
    client = Client()
    send_referral(client, refer_url, referral_data)
    client.get(f"{refer_url}confirmation/")
    page = form_pages["refer"]
    page.confirmation_title = "Draft title, not published"
    html = page.make_preview_request(preview_mode="confirmation").content.decode()
    assert "Draft title, not published" in html


def test_the_confirmation_date_follows_the_response_days_setting(
    refer_url, referral_data, site_settings
):
    from django.utils import dateformat, timezone

    from referrals.cases.working_days import contact_by_date

    def promised(client):
        return client.get(f"{refer_url}confirmation/").content.decode()

    first = Client()
    send_referral(first, refer_url, referral_data)
    promised(first)  # the shared page is rendered and kept now
    site_settings.response_working_days = 10
    site_settings.save()
    second = Client()
    send_referral(second, refer_url, referral_data)
    expected = contact_by_date(timezone.localdate(), 10)
    assert dateformat.format(expected, "l j F Y") in promised(second)
