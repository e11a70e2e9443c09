"""GOV.UK Notify's delivery receipts: accepted only with our bearer token, they mark a sent text
delivered or not, and a text that never arrived is shown to the officer on the case page."""

import json
import logging

import pytest
from django.urls import reverse

from referrals.cases.admin_urls import case_url
from referrals.models import Delivery, EmailState
from referrals.outbox.sending import deliver
from tests.factories import ReferralFactory
from tests.referrals.outbox.conftest import queue_text

pytestmark = pytest.mark.django_db

TOKEN = "test-only-callback-token"  # noqa: S105 (settings/test.py's NOTIFY_CALLBACK_TOKEN)


@pytest.fixture
def url():
    return reverse("notify_delivery_receipt")


@pytest.fixture
def sent_text(site_settings):
    family = ReferralFactory(phone="+447700900123")
    message = queue_text(family)
    deliver([message.pk])
    message.refresh_from_db()
    assert message.state == EmailState.SENT and message.provider_message_id
    return message


def receipt(message, status):
    """A receipt as Notify sends it (its documented fields), the number included."""
    return {
        "id": message.provider_message_id,
        "reference": f"vig-{message.pk}",
        "to": "07700900123",
        "status": status,
        "created_at": "2026-12-07T09:00:00.000000Z",
        "completed_at": "2026-12-07T09:00:05.000000Z",
        "sent_at": "2026-12-07T09:00:01.000000Z",
        "notification_type": "sms",
        "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a",
        "template_version": 1,
    }


def post(client, url, body, token=TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_a_receipt_without_a_token_is_refused_and_changes_nothing(client, url, sent_text):
    response = post(client, url, receipt(sent_text, "delivered"), token=None)
    assert response.status_code == 401
    sent_text.refresh_from_db()
    assert sent_text.delivery == ""


@pytest.mark.parametrize("token", ["wrong", TOKEN + "x", "", TOKEN[:-1]])
def test_a_receipt_with_a_wrong_token_is_refused(client, url, sent_text, token):
    response = post(client, url, receipt(sent_text, "delivered"), token=token)
    assert response.status_code == 403
    sent_text.refresh_from_db()
    assert sent_text.delivery == ""


def test_no_configured_token_refuses_every_receipt(client, url, sent_text, settings):
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert post(client, url, receipt(sent_text, "delivered"), token="").status_code == 403


def test_a_receipt_must_be_posted(client, url):
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


def test_a_delivered_receipt_marks_the_text_delivered(client, url, sent_text):
    response = post(client, url, receipt(sent_text, "delivered"))
    assert response.status_code == 200
    sent_text.refresh_from_db()
    assert sent_text.delivery == Delivery.DELIVERED
    assert sent_text.delivery_updated_at is not None
    assert sent_text.to_phone == ""  # the receipt's number is not kept


def test_a_receipt_in_progress_changes_nothing(client, url, sent_text):
    assert post(client, url, receipt(sent_text, "sending")).status_code == 200
    sent_text.refresh_from_db()
    assert sent_text.delivery == ""


def test_a_receipt_for_a_text_we_do_not_know_is_accepted_and_ignored(client, url, sent_text):
    unknown = receipt(sent_text, "delivered") | {"id": "another-id"}
    assert post(client, url, unknown).status_code == 200
    sent_text.refresh_from_db()
    assert sent_text.delivery == ""


def test_a_receipt_that_is_not_json_is_a_bad_request(client, url, sent_text):
    response = client.post(
        url, "not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    assert response.status_code == 400


def test_a_permanent_failure_is_shown_to_the_officer_on_the_case_page(
    client, url, sent_text, officer_client, caplog
):
    with caplog.at_level(logging.DEBUG):
        post(client, url, receipt(sent_text, "permanent-failure"))
    sent_text.refresh_from_db()
    assert sent_text.delivery == Delivery.PERMANENT_FAILURE
    assert "7700900123" not in caplog.text  # the receipt's number is never logged

    page = officer_client.get(case_url(sent_text.referral)).content.decode()
    panel = page.split('id="failed-texts-heading"')[1].split("</section>")[0]
    assert "Text to 07700… could not be sent" in panel
    assert Delivery.PERMANENT_FAILURE.label in panel
