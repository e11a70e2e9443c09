"""Texts beside emails, on PostgreSQL: several workers, and senders racing for the same texts
(a send at commit, `retry_email`, a worker), send each text exactly once, and a text the
provider may have taken before its worker stopped is given up, never sent again."""

import datetime
import threading
import time
from collections import Counter

import pytest
from django.test import override_settings
from django.utils import timezone

from referrals.models import Channel, EmailKind, EmailState, OutboundEmail, RecipientRole
from referrals.outbox import texts
from referrals.outbox.sending import deliver, send_due
from referrals.outbox.settling import SENDING_STALE_AFTER
from referrals.outbox.worker import Relay
from tests.concurrency import at_once, needs_postgresql
from tests.factories import ReferralFactory, queued_team_emails

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BACKEND = "tests.reliability.test_texts_sent_once.QuickTexts"
SENT = []
SENT_LOCK = threading.Lock()


class QuickTexts:
    """Fast enough for many texts, slow enough that senders overlap; keeps each text's
    reference."""

    def send(self, *, to, body, reference):
        time.sleep(0.01)
        with SENT_LOCK:
            SENT.append(reference)
        return f"quick-{reference}"


@pytest.fixture(autouse=True)
def _needs_postgresql():
    needs_postgresql()
    SENT.clear()
    texts.outbox.clear()


def queued_texts(count):
    family = ReferralFactory(phone="+447700900123")
    return [
        OutboundEmail.objects.create(
            kind=EmailKind.REFERRER_CONFIRMATION,
            recipient_role=RecipientRole.REFERRER,
            channel=Channel.TEXT,
            to_phone="+447700900123",
            reference=family.reference,
            referral=family,
        )
        for _ in range(count)
    ]


def each_text_sent_once(messages):
    assert Counter(SENT) == {f"vig-{m.pk}": 1 for m in messages}
    rows = OutboundEmail.objects.filter(pk__in=[m.pk for m in messages])
    assert set(rows.values_list("state", "attempts", "to_phone")) == {(EmailState.SENT, 1, "")}


@override_settings(TEXT_BACKEND=BACKEND)
def test_several_workers_send_each_text_once_beside_emails():
    text_rows = queued_texts(30)
    emails = queued_team_emails(10)

    errors = at_once(
        3, lambda: Relay(threads=4, interval=0, until_empty=True).run(), who="a sender"
    )

    assert errors == []
    each_text_sent_once(text_rows)
    assert set(
        OutboundEmail.objects.filter(pk__in=[e.pk for e in emails]).values_list("state", flat=True)
    ) == {EmailState.SENT}


@override_settings(TEXT_BACKEND=BACKEND)
def test_senders_racing_for_the_same_texts_send_each_once():
    """As a send at commit, `retry_email` and a worker racing for the same texts would."""
    text_rows = queued_texts(20)
    ids = [m.pk for m in text_rows]

    errors = at_once(6, lambda: deliver(ids), who="a sender")

    assert errors == []
    each_text_sent_once(text_rows)


@override_settings(TEXT_BACKEND=BACKEND)
def test_a_text_handed_to_the_provider_by_a_worker_that_stopped_is_never_sent_again():
    [message] = queued_texts(1)
    # As a worker leaves it when killed after handing the text over: sending, with a sent_at.
    long_ago = timezone.now() - SENDING_STALE_AFTER - datetime.timedelta(minutes=1)
    OutboundEmail.objects.filter(pk=message.pk).update(
        state=EmailState.SENDING, attempts=1, sent_at=long_ago, updated_at=long_ago
    )

    send_due()
    deliver([message.pk])

    message.refresh_from_db()
    assert message.state == EmailState.GAVE_UP
    assert SENT == []
