"""Fixtures for the outbox's texts: an empty list of sent texts, texts queued for a case, and
GOV.UK Notify's client answering as a test says (its HTTP call mocked at the library boundary,
never the network)."""

import json
import uuid
from unittest import mock

import pytest
import requests

from referrals.models import Channel, EmailKind, OutboundEmail, RecipientRole
from referrals.outbox import texts

NOTIFY = "referrals.outbox.texts.NotifyTextBackend"
# A key in Notify's shape: name, service id, secret (the client reads the service id from it).
NOTIFY_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
TEMPLATE_ID = str(uuid.uuid4())


@pytest.fixture(autouse=True)
def sent_texts():
    """What the locmem text backend sent in this test (like django.core.mail.outbox)."""
    texts.outbox.clear()
    yield texts.outbox
    texts.outbox.clear()


def queue_text(case, *, kind=EmailKind.REFERRER_CONFIRMATION, **fields):
    """A queued text to the family about `case`, to their mobile number."""
    return OutboundEmail.objects.create(
        kind=kind,
        recipient_role=RecipientRole.REFERRER,
        channel=Channel.TEXT,
        to_phone=case.phone,
        reference=case.reference,
        **case.link(),
        **fields,
    )


def notify_response(status, body=None):
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body or {}).encode()
    response.headers["Content-Type"] = "application/json"
    response.url = "https://notify.invalid/v2/notifications/sms"
    return response


class NotifyStandIn:
    """Notify's HTTP API as the client's requests session meets it: each call answers the next
    of `answers` (an HTTP status, or an exception to raise), then 201 with a new id. Keeps
    each request's JSON."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def __call__(self, method, url, **kwargs):
        self.requests.append(json.loads(kwargs["data"]))
        answer = self.answers.pop(0) if self.answers else 201
        if isinstance(answer, Exception):
            raise answer
        if answer == 201:
            return notify_response(201, {"id": str(uuid.uuid4()), "reference": "x"})
        return notify_response(
            answer, {"errors": [{"error": "BadRequestError", "message": "+44…"}]}
        )


@pytest.fixture
def notify(settings):
    """Texts go through the GOV.UK Notify backend; `notify.answers` says how Notify answers."""
    settings.TEXT_BACKEND = NOTIFY
    settings.NOTIFY_API_KEY = NOTIFY_KEY
    settings.NOTIFY_SMS_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_SMS_SENDER_ID = ""
    stand_in = NotifyStandIn()
    with mock.patch.object(requests.Session, "request", side_effect=stand_in):
        yield stand_in
