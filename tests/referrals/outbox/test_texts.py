"""Texts go through the outbox like emails: sent once, retried with backoff when the provider
is down, given up at once when it refuses the number (and the officer told), and the family's
number cleared once sent."""

import datetime
import logging

import pytest
import requests
from django.utils import timezone

from referrals.cases.admin_urls import case_url
from referrals.cases.references import discreet_reference
from referrals.models import Channel, EmailKind, EmailState, OutboundEmail
from referrals.outbox.claim import claim
from referrals.outbox.sending import RETRY_BACKOFF_MINUTES, deliver, send_due
from tests.factories import ReferralFactory
from tests.referrals.outbox.conftest import TEMPLATE_ID, queue_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(site_settings):
    return ReferralFactory(phone="+447700900123", contact_name="Jo Bloggs")


def test_a_queued_text_is_sent_to_the_family_and_its_number_cleared(family, sent_texts):
    message = queue_text(family)

    assert deliver([message.pk]) == 1

    [text] = sent_texts
    assert text["to"] == "+447700900123"
    assert discreet_reference(family.reference) in text["body"]
    message.refresh_from_db()
    assert message.state == EmailState.SENT
    assert message.to_phone == ""
    assert message.provider_message_id == "locmem-1"


def test_a_text_delivered_again_is_sent_once(family, sent_texts):
    message = queue_text(family)
    deliver([message.pk])
    deliver([message.pk])
    send_due()
    assert len(sent_texts) == 1


def test_an_email_is_sent_as_before_beside_texts(family, mailoutbox, sent_texts):
    email = OutboundEmail.objects.create(
        kind=EmailKind.REFERRER_CONFIRMATION,
        recipient_role="referrer",
        to_address="jo@example.invalid",
        reference=family.reference,
        referral=family,
    )
    text = queue_text(family)
    deliver([email.pk, text.pk])
    assert [m.to for m in mailoutbox] == [["jo@example.invalid"]]
    assert len(sent_texts) == 1


def test_notify_is_given_the_body_as_its_placeholder_and_an_opaque_reference(family, notify):
    message = queue_text(family)
    deliver([message.pk])

    [sent] = notify.requests
    assert sent["phone_number"] == "+447700900123"
    assert sent["template_id"] == TEMPLATE_ID
    assert discreet_reference(family.reference) in sent["personalisation"]["body"]
    assert "sms_sender_id" not in sent  # none configured
    # Notify keeps the reference and shows it in its logs: the row's id, nothing about anyone.
    assert sent["reference"] == f"vig-{message.pk}"
    for personal in (family.reference, family.contact_name, family.child_first_name, "7700900"):
        assert personal not in sent["reference"]
    message.refresh_from_db()
    assert message.state == EmailState.SENT and message.provider_message_id


def test_notifys_sender_id_is_passed_when_configured(family, notify, settings):
    settings.NOTIFY_SMS_SENDER_ID = "sender-1"
    deliver([queue_text(family).pk])
    assert notify.requests[0]["sms_sender_id"] == "sender-1"


@pytest.mark.parametrize(
    "failure",
    [500, 503, 429, requests.Timeout("read timed out"), requests.ConnectionError("refused")],
    ids=["500", "503", "429", "timeout", "no-connection"],
)
def test_a_notify_outage_is_retried_with_backoff_and_the_text_sent_once(family, notify, failure):
    notify.answers = [failure]
    message = queue_text(family)
    before = timezone.now()

    deliver([message.pk])

    message.refresh_from_db()
    assert message.state == EmailState.FAILED
    assert message.to_phone == "+447700900123"  # kept to retry
    assert message.next_attempt_at >= before + datetime.timedelta(minutes=RETRY_BACKOFF_MINUTES[0])
    assert "7700" not in message.last_error
    assert send_due() == 0  # not before its backoff has passed

    later = timezone.now() + datetime.timedelta(minutes=RETRY_BACKOFF_MINUTES[0] + 1)
    assert send_due(now=later) == 1
    send_due(now=later)

    message.refresh_from_db()
    assert message.state == EmailState.SENT
    assert message.to_phone == ""
    assert len(notify.requests) == 2  # the failed try and the one that was taken


@pytest.mark.parametrize("status", [400, 403])
def test_a_refused_number_is_given_up_at_once(family, notify, status, caplog):
    notify.answers = [status]
    message = queue_text(family)

    with caplog.at_level(logging.DEBUG):
        deliver([message.pk])

    assert "+44" not in caplog.text  # Notify's error message may quote the number: not logged

    message.refresh_from_db()
    assert message.state == EmailState.GAVE_UP
    assert message.attempts == 1
    assert message.last_error == f"PermanentTextError (HTTP {status})"
    later = timezone.now() + datetime.timedelta(days=1)
    assert send_due(now=later) == 0
    assert len(notify.requests) == 1


def test_a_refused_text_shows_on_the_case_page_without_the_whole_number(
    family, notify, officer_client
):
    notify.answers = [400]
    deliver([queue_text(family).pk])

    page = officer_client.get(case_url(family)).content.decode()

    panel = page.split('id="failed-texts-heading"')[1].split("</section>")[0]
    assert "Text to 07700… could not be sent" in panel
    assert "900123" not in panel  # only the first digits


def test_a_message_is_not_claimed_before_its_send_after(family):
    now = timezone.now()
    waiting = queue_text(family, send_after=now + datetime.timedelta(days=2))
    due = queue_text(family, send_after=now - datetime.timedelta(minutes=1))

    assert [m.pk for m in claim(limit=10, now=now)] == [due.pk]
    assert claim(ids=[waiting.pk], now=now) == []  # nor when asked for by id (at commit)
    assert [m.pk for m in claim(limit=10, now=now + datetime.timedelta(days=2))] == [waiting.pk]


def test_the_outbox_lists_each_messages_channel_and_never_a_number(family, manager_client):
    queue_text(family)
    page = manager_client.get("/admin/referrals/outboundemail/").content.decode()
    assert Channel.TEXT.label in page
    assert "7700900123" not in page
    texts_only = manager_client.get("/admin/referrals/outboundemail/?channel__exact=text")
    assert texts_only.status_code == 200
    assert family.reference in texts_only.content.decode()
    emails_only = manager_client.get("/admin/referrals/outboundemail/?channel__exact=email")
    assert family.reference not in emails_only.content.decode()
