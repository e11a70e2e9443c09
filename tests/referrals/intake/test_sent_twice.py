"""A double click, or pressing Send again while the answer is slow, saves the referral once and
shows the first one's confirmation."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from referrals.models import Referral

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def opened_form(url):
    client = Client(enforce_csrf_checks=True)
    token = TOKEN.search(client.get(url).content.decode()).group(1)
    return client, token


def confirmation_reference(client, url):
    html = client.get(f"{url}confirmation/").content.decode()
    return re.search(r"VIG-[0-9A-Z]{4}-[0-9A-Z]{4}", html).group(0)


@pytest.mark.django_db
def test_the_same_form_sent_twice_is_saved_once(refer_url, referral_data):
    client, token = opened_form(refer_url)
    first = client.post(refer_url, {**referral_data, "csrfmiddlewaretoken": token})
    second = client.post(refer_url, {**referral_data, "csrfmiddlewaretoken": token})
    assert first.status_code == second.status_code == 302
    assert Referral.objects.count() == 1
    assert confirmation_reference(client, refer_url) == Referral.objects.get().reference


@pytest.mark.django_db
def test_a_corrected_form_is_saved_after_a_first_try_with_mistakes(refer_url, referral_data):
    client, token = opened_form(refer_url)
    mistake = client.post(
        refer_url, {**referral_data, "postcode": "", "csrfmiddlewaretoken": token}
    )
    assert mistake.status_code == 200
    assert (
        client.post(refer_url, {**referral_data, "csrfmiddlewaretoken": token}).status_code == 302
    )
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_two_copies_of_the_form_are_two_referrals(refer_url, referral_data):
    for _ in range(2):
        client, token = opened_form(refer_url)
        client.post(refer_url, {**referral_data, "csrfmiddlewaretoken": token})
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
    client, token = opened_form(url)
    barrier = threading.Barrier(2)
    statuses = []

    def click():
        try:
            barrier.wait(timeout=30)
            response = client.post(url, {**referral_data, "csrfmiddlewaretoken": token})
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
