"""The referral's question pages and "Check your answers": answers kept only in the session,
for 60 idle minutes; Back and Change links; the declaration; one record per send."""

import re
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from referrals.intake.answers import IDLE_SECONDS, SESSION_PREFIX
from referrals.intake.steps import REFERRAL_STEPS
from referrals.models import Referral, ReferralKind
from tests.clock import Clock
from tests.intake_journey import (
    answer_questions,
    check_url,
    first_question_url,
    post_page,
    question_urls,
    send_from_check,
    send_referral,
)

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')


@pytest.fixture
def clock():
    fake = Clock()
    with mock.patch("referrals.intake.answers.now", fake):
        yield fake


def intake_keys(client):
    return [key for key in client.session.keys() if key.startswith(SESSION_PREFIX)]


TYPED = (
    "contact_name",
    "email",
    "phone",
    "postcode",
    "child_first_name",
    "school_or_nursery",
    "what_to_change",
    "other_services",
    "language",
    "access_needs",
    "contact_times",
    "professional_name",
    "professional_email",
    "professional_phone",
    "professional_organisation",
)


def every_typed_answer(data):
    """What a test typed in its own words (not a choice's value such as "home")."""
    return [data[name] for name in TYPED if data.get(name)]


@pytest.mark.parametrize("route", ["refer", "refer_professional"])
def test_answers_never_appear_in_an_address_or_a_hidden_field(
    client, form_pages, referral_data, professional_data, route
):
    page = form_pages[route]
    data = professional_data if route == "refer_professional" else referral_data
    answers = every_typed_answer(data)
    addresses = []
    path = first_question_url(client, page.url)
    while path != check_url(page.url):
        addresses.append(path)
        response = post_page(client, path, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        path = response["Location"]
        addresses.append(path)
    pages = [client.get(url).content.decode() for url in [*question_urls(page.url, page.kind)]]
    pages.append(client.get(check_url(page.url)).content.decode())
    for html in pages:
        for hidden in HIDDEN.findall(html):
            form_key = re.search(r'name="form-[0-9a-f]+" value=""', hidden)
            assert 'name="csrfmiddlewaretoken"' in hidden or form_key, hidden
        for href in re.findall(r'(?:href|action)="([^"]*)"', html):
            addresses.append(href)
    for address in addresses:
        for answer in answers:
            assert answer not in address, (answer, address)
    # They are in the session, under the prefix the quick exit clears.
    assert intake_keys(client) == [f"{SESSION_PREFIX}{page.translation_key}"]


def test_each_question_page_keeps_only_its_own_answers(client, refer_url, referral_data):
    first = first_question_url(client, refer_url)
    client.post(first, referral_data)
    [key] = intake_keys(client)
    kept = client.session[key]["data"]
    asked = REFERRAL_STEPS[ReferralKind.SELF][0].fields
    assert set(kept) == set(asked)
    assert "child_first_name" not in kept and "what_to_change" not in kept


def test_a_later_page_before_the_earlier_ones_sends_you_back(client, refer_url, referral_data):
    first = first_question_url(client, refer_url)
    client.post(first, referral_data)
    urls = question_urls(refer_url)
    response = client.get(urls[3])
    assert response.status_code == 302
    assert response["Location"] == urls[1]


def test_a_later_page_or_the_check_page_without_answers_says_start_again(client, refer_url):
    for url in (question_urls(refer_url)[2], check_url(refer_url)):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "You need to start again" in html
        assert f'href="{question_urls(refer_url)[0]}"' in html
    assert not Referral.objects.exists()


def test_answers_last_60_idle_minutes_and_then_are_deleted(client, refer_url, referral_data, clock):
    first, second, third = question_urls(refer_url)[:3]
    assert client.post(first, referral_data).status_code == 302
    clock.now += IDLE_SECONDS - 1  # just under an hour: kept, and the hour starts again
    assert client.post(second, referral_data)["Location"] == third
    clock.now += IDLE_SECONDS - 1
    assert "Your full name" in client.get(first).content.decode()  # still there
    clock.now += IDLE_SECONDS + 1  # an hour and a second without a request
    html = client.get(third).content.decode()
    assert "You need to start again" in html
    assert "60 minutes" in html
    assert not intake_keys(client)
    # Nothing is sent, not even from a check page opened before.
    response = send_from_check(client, refer_url, referral_data)
    assert "You need to start again" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_public_session_itself_ends_with_the_answers(client, refer_url, referral_data):
    client.post(first_question_url(client, refer_url), referral_data)
    assert client.session.get_expiry_age() == IDLE_SECONDS


def test_back_goes_to_the_page_before_and_from_the_first_page_to_the_start(
    client, refer_url, referral_data
):
    urls = question_urls(refer_url)
    first_page = client.get(urls[0]).content.decode()
    assert f'<a href="{refer_url}" class="back-link">Back</a>' in first_page
    client.post(urls[0], referral_data)
    second_page = client.get(urls[1]).content.decode()
    assert f'<a href="{urls[0]}" class="back-link">Back</a>' in second_page


def test_change_goes_to_the_page_and_comes_back_to_the_check_page(client, refer_url, referral_data):
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    assert accepted
    html = client.get(check_page).content.decode()
    child_page = question_urls(refer_url)[1]
    change = f'href="{child_page}#id_child_first_name"'
    assert change in html
    page = client.get(f"{child_page}").content.decode()
    assert f'<a href="{check_page}" class="back-link">Back</a>' in page  # Back: to the check
    assert 'value="Aoife"' in page  # the answer given before
    response = client.post(child_page, {**referral_data, "child_first_name": "Niamh"})
    assert response["Location"] == check_page
    html = client.get(check_page).content.decode()
    assert "Niamh" in html and "Aoife" not in html
    assert send_from_check(client, refer_url).status_code == 302
    assert Referral.objects.get().child_first_name == "Niamh"


def test_the_check_page_shows_every_answer_and_a_change_link_for_each(
    client, refer_url, referral_data
):
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    html = client.get(check_page).content.decode()
    for step in REFERRAL_STEPS[ReferralKind.SELF]:
        assert f'<h2 class="heading-m">{step.title}</h2>' in html
    for shown in ("Siobhán Ní Bhriain", "Parent", "EH54 6FF", "Aoife", "Little Acorns Nursery"):
        assert shown in html
    assert "Email" in html and "Phone call" in html  # the safe ways, by name
    rows = html.count('class="summary-list__row"')
    assert rows == html.count('>Change<span class="visually-hidden">')
    asked = [n for s in REFERRAL_STEPS[ReferralKind.SELF] for n in s.fields]
    assert rows == len([n for n in asked if not n.endswith("_other")])


def test_sending_records_the_declaration_and_clears_the_answers(
    client, refer_url, referral_data, site_settings
):
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    html = client.get(check_page).content.decode()
    assert "By sending this referral you confirm that" in html
    privacy = site_settings.privacy_page
    assert privacy is not None and f'href="{privacy.url}"' in html
    assert send_from_check(client, refer_url).status_code == 302
    referral = Referral.objects.get()
    assert referral.declaration_accepted_at is not None
    assert referral.consent_privacy and referral.consent_contact
    assert not intake_keys(client)
    assert not Session.objects.exists()  # nothing else was kept: no session row is left


def test_answers_sent_without_the_check_page_being_shown_are_not_sent(
    client, refer_url, referral_data
):
    """The declaration must have been shown for these very answers: a send straight after the
    last question (or after an answer changed since) shows the check page first."""
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    response = client.post(check_page, {})
    assert response.status_code == 302 and response["Location"] == check_page
    assert not Referral.objects.exists()
    client.get(check_page)  # shown now
    client.post(question_urls(refer_url)[2], {**referral_data, "what_to_change": "Changed"})
    assert client.post(check_page, {})["Location"] == check_page  # changed since: show again
    assert not Referral.objects.exists()
    client.get(check_page)
    assert client.post(check_page, {}).status_code == 302
    assert Referral.objects.get().what_to_change == "Changed"


def test_one_send_is_one_referral_and_a_second_visit_starts_afresh(
    client, refer_url, referral_data
):
    sent = send_referral(client, refer_url, referral_data)
    assert sent.status_code == 302
    # Send again (a second tab) or Back to the check page: the referral's own confirmation,
    # never "Nothing was sent", which would invite sending it twice.
    for again in (client.post(check_url(refer_url), {}), client.get(check_url(refer_url))):
        assert again.status_code == 302
        assert again["Location"] == sent["Location"]
    assert Referral.objects.count() == 1
    first = client.get(question_urls(refer_url)[0]).content.decode()
    assert "Siobhán" not in first


def test_without_a_referral_sent_the_check_page_says_start_again(client, refer_url):
    html = client.get(check_url(refer_url)).content.decode()
    assert "You need to start again" in html


def test_an_old_one_page_form_loses_nothing_typed(client, refer_url, referral_data):
    """A copy of the one-page form (open in a tab since before the question pages)."""
    response = client.post(refer_url, referral_data)
    assert response.status_code == 303
    assert response["Location"] == check_url(refer_url)
    html = client.get(check_url(refer_url)).content.decode()
    assert "Siobhán" in html  # every answer kept, to check and send
    assert Referral.objects.count() == 0


def test_leaving_quickly_also_forgets_a_referral_just_sent(client, refer_url, referral_data):
    sent = send_referral(client, refer_url, referral_data)
    confirmation = sent["Location"]
    assert client.get(confirmation).status_code == 200
    left = client.get("/leave/", headers={"Sec-Fetch-Site": "same-origin"})
    assert any(
        name.startswith("vig-confirmation") and cookie["max-age"] == 0
        for name, cookie in left.cookies.items()
    )
    assert "VIG-" not in client.get(confirmation).content.decode()


def test_two_visitors_answers_never_mix(refer_url, referral_data):
    first, second = Client(), Client()
    answer_questions(first, refer_url, referral_data)
    answer_questions(second, refer_url, {**referral_data, "contact_name": "Second Parent"})
    assert "Second Parent" not in first.get(check_url(refer_url)).content.decode()
    assert send_from_check(second, refer_url).status_code == 302
    assert send_from_check(first, refer_url).status_code == 302
    names = sorted(Referral.objects.values_list("contact_name", flat=True))
    assert names == ["Second Parent", "Siobhán Ní Bhriain"]


def test_the_enquiry_form_has_no_question_pages(client, enquiry_url):
    assert client.get(f"{enquiry_url}about-you/").status_code == 404
    assert client.get(check_url(enquiry_url)).status_code == 404


def test_an_unknown_question_page_is_not_found(client, refer_url):
    assert client.get(f"{refer_url}no-such-page/").status_code == 404


def test_posting_to_the_start_page_sends_you_to_the_first_question(client, refer_url):
    response = client.post(refer_url, {"contact_name": "Old form"})
    assert response.status_code == 303
    assert response["Location"] == question_urls(refer_url)[0]
    assert not intake_keys(client)


def test_opening_a_page_counts_as_activity(client, refer_url, referral_data, clock):
    first, second = question_urls(refer_url)[:2]
    client.post(first, referral_data)
    clock.now += 50 * 60
    assert "Your child" in client.get(second).content.decode()  # reading a page: still here
    clock.now += 50 * 60  # 100 minutes since the last answer, 50 since the last page
    assert 'value="Siobhán Ní Bhriain"' in client.get(first).content.decode()
    clock.now += IDLE_SECONDS + 1
    assert "You need to start again" in client.get(second).content.decode()


def test_a_signed_in_editors_confirmation_is_never_shared_with_the_public(
    refer_url, referral_data, admin_user, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    editor, visitor = Client(), Client()
    editor.force_login(admin_user)
    editors_page = editor.get(send_referral(editor, refer_url, referral_data)["Location"])
    assert "userbar" in editors_page.content.decode()  # the editor's own page has it

    public_page = visitor.get(send_referral(visitor, refer_url, referral_data)["Location"])

    html = public_page.content.decode()
    assert "userbar" not in html and "/admin/" not in html
