"""A double click, or pressing Send again while the answer is slow, saves the referral once and
shows the first one's confirmation."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from referrals.models import Referral
from tests.intake_journey import answer_questions, check_url

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def opened_check_page(url, answers):
    """A visitor who answered every question page and has "Check your answers" open: their
    client and that page's own CSRF token."""
    client = Client(enforce_csrf_checks=True)
    accepted, check_page = answer_questions(client, url, answers)
    assert accepted
    token = TOKEN.search(client.get(check_page).content.decode()).group(1)
    return client, token


def send(client, url, token):
    return client.post(check_url(url), {"csrfmiddlewaretoken": token})


def confirmation_reference(client, url):
    html = client.get(f"{url}confirmation/").content.decode()
    return re.search(r"VIG-[0-9A-Z]{4}-[0-9A-Z]{4}", html).group(0)


@pytest.mark.django_db
def test_the_same_form_sent_twice_is_saved_once(refer_url, referral_data):
    client, token = opened_check_page(refer_url, referral_data)
    first = send(client, refer_url, token)
    second = send(client, refer_url, token)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == f"{refer_url}confirmation/"
    assert Referral.objects.count() == 1
    assert confirmation_reference(client, refer_url) == Referral.objects.get().reference


@pytest.mark.django_db
def test_a_corrected_form_is_saved_after_a_first_try_with_mistakes(refer_url, referral_data):
    """A send that saved nothing (the answers no longer pass, here a postcode emptied behind
    the page's back) does not stop the same page sending once the answer is corrected."""
    client, token = opened_check_page(refer_url, referral_data)
    session = client.session
    [key] = [key for key in session.keys() if key.startswith("intake:")]
    record = session[key]
    record["data"]["postcode"] = [""]
    session[key] = record
    session.save()
    mistake = send(client, refer_url, token)
    assert mistake.status_code == 200
    assert "Enter your postcode" in mistake.content.decode()
    record["data"]["postcode"] = ["EH54 6FF"]
    session[key] = record
    session.save()
    assert send(client, refer_url, token).status_code == 302
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_two_copies_of_the_form_are_two_referrals(refer_url, referral_data):
    for _ in range(2):
        client, token = opened_check_page(refer_url, referral_data)
        send(client, refer_url, token)
    assert Referral.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_click_sent_at_the_same_moment_is_saved_once(referral_data):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL; run `make test` with it available")
    from home.demo import site as demo_site
    from referrals.demo import pages as demo_pages
    from tests.conftest import restore_migrated_state

    restore_migrated_state()
    home, _ = demo_site.setup_site()
    url = demo_pages.setup_form_pages(home)["refer"].url
    client, token = opened_check_page(url, referral_data)
    barrier = threading.Barrier(2)
    statuses = []

    def click():
        try:
            barrier.wait(timeout=30)
            response = send(client, url, token)
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302, 302]
    assert Referral.objects.count() == 1
