"""The family's confirmation goes by the ways their safe-contact answers allow
(referrals.cases.safe_contact.family_channels): a text where only a text is safe, an email where
only an email is, both only where both are safe and neither is preferred, and nothing where
neither is possible. The team's email and a professional's own confirmation are unchanged."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import override_settings
from wagtail.models import Page

from referrals.cases.references import discreet_reference
from referrals.models import (
    Channel,
    EmailKind,
    EmailState,
    Enquiry,
    OutboundEmail,
    RecipientRole,
    Referral,
)
from referrals.outbox import texts
from tests.intake_journey import send_referral

from .conftest import TEAM_EMAIL

pytestmark = pytest.mark.django_db

MOBILE = "07123 456789"
MOBILE_STORED = "+447123456789"
LANDLINE = "01506 282948"


def confirmations(kind=EmailKind.REFERRER_CONFIRMATION):
    """{channel: (to_address, to_phone)} of the confirmations queued."""
    rows = OutboundEmail.objects.filter(kind=kind)
    assert all(row.recipient_role == RecipientRole.REFERRER for row in rows)
    return {row.channel: (row.to_address, row.to_phone) for row in rows}


def refer(client, refer_url, referral_data, **answers):
    referral_data.update(answers)
    response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Referral.objects.get()


def test_a_referral_that_says_only_text_is_safe_is_confirmed_by_text_and_no_email(
    client, refer_url, referral_data
):
    refer(
        client, refer_url, referral_data, phone=MOBILE, safe_contact=["text"], preferred_contact=""
    )

    assert confirmations() == {Channel.TEXT: ("", MOBILE_STORED)}
    team = OutboundEmail.objects.get(kind=EmailKind.TEAM_NEW_REFERRAL)
    assert (team.channel, team.to_address, team.to_phone) == (Channel.EMAIL, TEAM_EMAIL, "")


def test_no_text_when_text_is_not_safe(client, refer_url, referral_data):
    refer(
        client,
        refer_url,
        referral_data,
        phone=MOBILE,
        safe_contact=["email", "phone", "voicemail"],
        preferred_contact="",
    )

    assert confirmations() == {Channel.EMAIL: (referral_data["email"], "")}


def test_no_text_to_a_landline_and_so_no_confirmation_where_email_is_not_safe(
    client, refer_url, referral_data
):
    refer(
        client,
        refer_url,
        referral_data,
        phone=LANDLINE,
        safe_contact=["text", "phone"],
        preferred_contact="",
    )

    assert confirmations() == {}


@pytest.mark.parametrize(
    ("preferred", "channels"),
    [
        ("", {Channel.EMAIL, Channel.TEXT}),
        ("phone", {Channel.EMAIL, Channel.TEXT}),
        ("text", {Channel.TEXT}),
        ("email", {Channel.EMAIL}),
    ],
)
def test_both_an_email_and_a_text_only_where_both_are_safe_and_neither_is_preferred(
    client, refer_url, referral_data, preferred, channels
):
    refer(
        client,
        refer_url,
        referral_data,
        phone=MOBILE,
        safe_contact=["email", "text", "phone"],
        preferred_contact=preferred,
    )

    assert set(confirmations()) == channels


def test_a_question_that_says_only_text_is_safe_is_confirmed_by_text(
    client, enquiry_url, enquiry_data
):
    enquiry_data.update(phone=MOBILE, safe_contact=["text"], preferred_contact="text")
    assert client.post(enquiry_url, enquiry_data).status_code == 302

    assert Enquiry.objects.get().safe_to_text
    assert confirmations(EmailKind.ENQUIRY_CONFIRMATION) == {Channel.TEXT: ("", MOBILE_STORED)}


def test_a_professionals_referral_is_confirmed_to_the_professional_only_and_by_email(
    client, professional_url, professional_data
):
    professional_data.update(phone=MOBILE, safe_contact=["text"], preferred_contact="text")
    response = send_referral(client, professional_url, professional_data)
    assert response.status_code == 302

    assert confirmations() == {Channel.EMAIL: (professional_data["professional_email"], "")}


def test_the_demo_privacy_notice_names_gov_uk_notify_and_how_long_it_keeps_texts(client, home_page):
    """Notify keeps a text's content and number for 7 days by default (its own guidance on
    data retention); the notice says so, naming it as the processor that sends our texts."""
    privacy = Page.objects.get(slug="privacy")
    html = BeautifulSoup(client.get(privacy.url).content, "html.parser")
    text = " ".join(html.find("main").get_text().split())
    assert "GOV.UK Notify" in text and "data processor" in text
    assert "7 days" in text


# Sent: on the console in development, through the worker's text provider everywhere -------


@override_settings(TEXT_BACKEND="referrals.outbox.texts.ConsoleTextBackend")
def test_in_development_a_text_only_referral_prints_its_confirmation_text_and_emails_no_one_else(
    client, refer_url, referral_data, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(
            client,
            refer_url,
            referral_data,
            phone=MOBILE,
            safe_contact=["text"],
            preferred_contact="",
        )

    printed = capsys.readouterr().out
    assert f"Text to: {MOBILE_STORED}" in printed
    assert discreet_reference(referral.reference) in printed
    assert [message.to for message in mail.outbox] == [[TEAM_EMAIL]]  # the team's only
    sent = OutboundEmail.objects.get(kind=EmailKind.REFERRER_CONFIRMATION)
    assert (sent.channel, sent.state, sent.to_phone) == (Channel.TEXT, EmailState.SENT, "")


@pytest.mark.parametrize("may_name_team", ["yes", "no"])
def test_the_confirmation_text_names_the_team_only_if_the_family_said_we_may(
    client,
    refer_url,
    referral_data,
    django_capture_on_commit_callbacks,
    site_settings,
    may_name_team,
):
    texts.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refer(
            client,
            refer_url,
            referral_data,
            phone=MOBILE,
            safe_contact=["text"],
            preferred_contact="",
            may_name_team=may_name_team,
        )

    (text,) = texts.outbox
    assert text["to"] == MOBILE_STORED
    assert (site_settings.team_name in text["body"]) is (may_name_team == "yes")
    assert referral_data["child_first_name"] not in text["body"]
    texts.outbox.clear()
