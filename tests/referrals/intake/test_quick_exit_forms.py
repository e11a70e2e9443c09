"""After "Leave this site quickly", a browser cannot put what was typed back into a form page.

A browser keeps what was typed into a form in its history, and puts it back when Back fetches
the page again, if the form still looks the same: the same address to send to and the same
names for its first fields (Chromium's form signature). So each form page's first field is
named after this browser's form key, which the quick exit changes: a page fetched after
leaving is no longer the form the answers were typed into. Until then the key stays the same,
so Back after the outage page still shows what was typed (tests/browser/test_database_outage.py).
That the browser's fields really are empty is shown in tests/browser/test_quick_exit_history.py.
"""

import re

import pytest
from django.test import Client

from tests.intake_journey import first_question_url, post_page

pytestmark = pytest.mark.django_db

FIRST_FIELD = re.compile(r"<form\b[^>]*>\s*<input\b([^>]*)>")
NAME = re.compile(r'\bname="([^"]*)"')
# What a browser's own "Leave this site quickly" link sends (tests/home/test_leave_quickly.py).
FROM_THIS_SITE = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def form_key(response):
    """The name of the form's first field, which must be the form key (an empty hidden field)."""
    assert response.status_code == 200, response.status_code
    found = FIRST_FIELD.search(response.content.decode())
    assert found, "the page has no form"
    field = found.group(1)
    name = NAME.search(field).group(1)
    assert name.startswith("form-"), f"the form's first field is {name!r}, not the form key"
    assert 'type="hidden"' in field and 'value=""' in field, field
    return name


def keys_on_every_form_page(client, form_pages, referral_data):
    """The form key on the first question page (empty, then with answers), on a later question
    page, and on the enquiry form (the shared copy, twice: rendered, then from the cache)."""
    refer, enquiry = form_pages["refer"], form_pages["enquiry"]
    first = first_question_url(client, refer.url)
    keys = [form_key(client.get(first))]
    later = post_page(client, first, referral_data)["Location"]
    keys.append(form_key(client.get(first)))
    keys.append(form_key(client.get(later)))
    keys += [form_key(client.get(enquiry.url)) for _ in range(2)]
    return keys


def test_every_form_page_of_one_browser_carries_the_same_form_key(
    client, form_pages, referral_data
):
    keys = keys_on_every_form_page(client, form_pages, referral_data)
    assert len(set(keys)) == 1, keys
    assert Client().get(form_pages["enquiry"].url)["X-Page-Cache"] == "hit"


def test_two_browsers_have_different_form_keys(form_pages, referral_data):
    first = keys_on_every_form_page(Client(), form_pages, referral_data)
    second = keys_on_every_form_page(Client(), form_pages, referral_data)
    assert first[0] != second[0]


def test_leaving_quickly_gives_the_browser_a_new_form_key(client, form_pages, referral_data):
    before = keys_on_every_form_page(client, form_pages, referral_data)
    old_cookie = client.cookies["csrftoken"].value
    left = client.get("/leave/", headers=FROM_THIS_SITE)
    assert left.cookies["csrftoken"].value not in ("", old_cookie)
    after = keys_on_every_form_page(client, form_pages, referral_data)
    assert len(set(after)) == 1, after
    assert after[0] != before[0]


def test_a_form_sent_with_its_form_key_keeps_its_answers(client, refer_url, referral_data):
    first = first_question_url(client, refer_url)
    key = form_key(client.get(first))
    response = post_page(client, first, {**referral_data, key: ""})
    assert response.status_code == 302
    assert referral_data["contact_name"] in client.get(first).content.decode()
