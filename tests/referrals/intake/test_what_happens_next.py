"""After a referral, the family sees what will happen and how long most families wait: the
site-wide steps from the settings (the first with the team's working days put in) and the
current wait, on the confirmation page and in the confirmation email's HTML and text."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from home.models.wait import PublicWait
from tests.html import soup
from tests.intake_journey import send_referral

pytestmark = pytest.mark.django_db

STEPS = [
    ("first_contact", {"heading": "We read it and ring you", "text": "Someone from the team."}),
    ("step", {"heading": "A first meeting", "text": "You agree your goals."}),
    ("step", {"heading": "Filming and the shared review", "text": ""}),
]
HEADINGS = [value["heading"] for _, value in STEPS]


@pytest.fixture
def steps(site_settings):
    site_settings.what_happens_next = STEPS
    site_settings.response_working_days = 3
    site_settings.save()
    return site_settings


def current_wait(weeks=8, families=11, days_old=0):
    PublicWait.objects.update_or_create(
        pk=PublicWait.ONE,
        defaults={
            "weeks": weeks,
            "families": families,
            "worked_out_at": timezone.now() - datetime.timedelta(days=days_old),
        },
    )


def referrer_email(address="siobhan@example.com"):
    message = next(m for m in mail.outbox if m.to == [address])
    html = "".join(content for content, kind in message.alternatives if kind == "text/html")
    return message.body, html


def test_the_confirmation_page_lists_the_steps_in_order_with_the_working_days(
    client, refer_url, referral_data, steps
):
    current_wait(weeks=8)
    send_referral(client, refer_url, referral_data)
    html = soup(client.get(f"{refer_url}confirmation/").content.decode())

    section = html.find(id="what-happens-next").find_parent("section")
    items = section.select("ol.steps__list > li")
    assert [item.h3.get_text(strip=True) for item in items] == HEADINGS
    assert "within 3 working days" in items[0].get_text()
    assert "Most families start within about 8 weeks" in section.get_text(" ")


def test_the_confirmation_page_asks_people_to_phone_when_the_wait_is_hidden(
    client, refer_url, referral_data, steps
):
    current_wait(families=4)
    send_referral(client, refer_url, referral_data)
    text = soup(client.get(f"{refer_url}confirmation/").content.decode()).get_text(" ")
    assert "Most families start" not in text
    assert f"Phone us on {steps.phone} to ask how long it is taking" in " ".join(text.split())


def test_the_confirmation_email_carries_the_steps_and_the_wait_in_html_and_text(
    client, refer_url, referral_data, steps, django_capture_on_commit_callbacks
):
    current_wait(weeks=8)
    with django_capture_on_commit_callbacks(execute=True):
        send_referral(client, refer_url, referral_data)
    text, html = referrer_email()

    items = soup(html).select("ol.steps__list > li")
    assert [item.h3.get_text(strip=True) for item in items] == HEADINGS
    assert "within 3 working days" in items[0].get_text()
    assert "Most families start within about 8 weeks" in html

    numbered = [f"{n}. {heading}" for n, heading in enumerate(HEADINGS, start=1)]
    assert all(line in text for line in numbered)
    assert text.index(numbered[0]) < text.index(numbered[1]) < text.index(numbered[2])
    assert "within 3 working days" in text
    assert "Most families start within about 8 weeks" in text


def test_the_confirmation_email_asks_people_to_phone_when_the_wait_is_old(
    client, refer_url, referral_data, steps, django_capture_on_commit_callbacks
):
    current_wait(days_old=8)
    with django_capture_on_commit_callbacks(execute=True):
        send_referral(client, refer_url, referral_data)
    text, html = referrer_email()
    for part in (text, html):
        assert "Most families start" not in part
        assert "to ask how long it is taking" in part


def test_changed_steps_are_on_the_confirmation_page_at_once(
    client, refer_url, referral_data, steps, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300  # the shared confirmation page is kept
    send_referral(client, refer_url, referral_data)
    client.get(f"{refer_url}confirmation/")
    steps.what_happens_next = [("step", {"heading": "A new first step", "text": ""})]
    steps.save()
    assert "A new first step" in client.get(f"{refer_url}confirmation/").content.decode()


def test_a_question_is_not_told_the_wait_for_support(client, enquiry_url, enquiry_data, steps):
    from tests.intake_journey import post_page

    current_wait()
    post_page(client, enquiry_url, enquiry_data)
    html = client.get(f"{enquiry_url}confirmation/").content.decode()
    assert "We read it and ring you" not in html
    assert "Most families start" not in html


def test_the_referral_start_page_lists_the_steps_and_the_wait(client, refer_url, steps):
    current_wait(weeks=6)
    html = soup(client.get(refer_url).content.decode())
    section = html.find(id="what-happens-next").find_parent("section")
    items = section.select("ol.steps__list > li")
    assert [item.h3.get_text(strip=True) for item in items] == HEADINGS
    assert "within 3 working days" in items[0].get_text()
    assert "Most families start within about 6 weeks" in section.get_text(" ")


def test_a_professional_is_told_the_steps_are_what_the_family_can_expect(
    client, professional_url, professional_data, steps, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_referral(client, professional_url, professional_data)
    page = soup(client.get(f"{professional_url}confirmation/").content.decode())
    section = page.find(id="what-happens-next").find_parent("section")
    assert "What the family can expect" in section.get_text(" ")
    text, html = referrer_email(professional_data["professional_email"])
    assert "What the family can expect" in text
    assert "What the family can expect" in html


def test_a_parent_is_not_told_about_the_family_in_the_third_person(
    client, refer_url, referral_data, steps
):
    send_referral(client, refer_url, referral_data)
    page = soup(client.get(f"{refer_url}confirmation/").content.decode())
    assert "What the family can expect" not in page.get_text(" ")
