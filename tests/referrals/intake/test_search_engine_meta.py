"""A referral's start page (no form: its steps and the wait) may be indexed; every page that
asks or shows a visitor's answers says `noindex` (robots.txt's Disallow alone does not keep a
linked address out of search results), as does the enquiry form, which is its own first page."""

import pytest
from django.test import Client

from tests.html import soup
from tests.intake_journey import answer_questions, first_question_url, send_referral

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def robots_meta(response):
    assert response.status_code == 200, response.status_code
    found = soup(response).find_all("meta", attrs={"name": "robots"})
    return [meta["content"] for meta in found]


def test_the_referral_start_pages_may_be_indexed(client, refer_url, professional_url):
    for url in (refer_url, professional_url):
        assert robots_meta(client.get(url)) == []
        assert robots_meta(client.get(url)) == []  # and from the cache


def test_question_check_and_confirmation_pages_say_noindex(refer_url, referral_data):
    client = Client()
    assert robots_meta(client.get(first_question_url(client, refer_url))) == ["noindex"]
    accepted, check = answer_questions(client, refer_url, referral_data)
    assert accepted
    assert robots_meta(client.get(check)) == ["noindex"]
    sent = send_referral(client, refer_url, referral_data)
    assert sent.status_code == 302
    assert robots_meta(client.get(sent["Location"])) == ["noindex"]


def test_a_question_page_opened_without_starting_says_noindex(client, refer_url):
    # "Start again" (the answers are gone), at the question page's own address
    assert robots_meta(client.get(f"{refer_url}check-your-answers/")) == ["noindex"]


def test_the_enquiry_form_and_its_confirmation_say_noindex(client, enquiry_url, enquiry_data):
    assert robots_meta(client.get(enquiry_url)) == ["noindex"]
    assert robots_meta(client.get(enquiry_url)) == ["noindex"]  # and from the cache
    sent = client.post(enquiry_url, enquiry_data)
    assert sent.status_code == 302
    assert robots_meta(client.get(sent["Location"])) == ["noindex"]
