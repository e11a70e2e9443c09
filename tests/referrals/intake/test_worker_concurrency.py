"""Two workers sending the outbox at once, on PostgreSQL: each message goes exactly once, and
no transaction or row lock is open while the provider takes its time."""

import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections
from django.test import override_settings

from referrals.models import EmailState, OutboundEmail
from referrals.tasks import send_email

from ..triage.factories import queued_team_emails

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROVIDER_SECONDS = 0.5
SEEN_DURING_SEND = []  # (in a transaction?, could another connection lock the row?)


class SlowProvider(EmailBackend):
    """Takes its time like a real provider, and looks at the database while it does."""

    def send_messages(self, messages):
        with connections["default"].cursor():
            in_transaction = connections["default"].in_atomic_block
        SEEN_DURING_SEND.append((in_transaction, _row_is_free(messages[0].to[0])))
        time.sleep(PROVIDER_SECONDS)
        return super().send_messages(messages)


def _row_is_free(address):
    """From a second connection: can the message's row be locked without waiting?"""
    result = []

    def probe():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute(
                    "select id from referrals_outboundemail where to_address = %s "
                    "for update nowait",
                    [address],
                )
            result.append(True)
        except Exception:
            result.append(False)
        finally:
            connections.close_all()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(timeout=10)
    return result == [True]


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL: set DATABASE_URL to a PostgreSQL database.")
    SEEN_DURING_SEND.clear()


def _workers(jobs, count):
    """`count` threads, each with its own connection, calling send_email on every job."""
    barrier = threading.Barrier(count)

    def work():
        try:
            barrier.wait()
            for message_id in jobs:
                send_email.call(message_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


@override_settings(EMAIL_BACKEND="tests.referrals.intake.test_worker_concurrency.SlowProvider")
def test_two_workers_never_send_a_message_twice():
    messages = queued_team_emails(3)

    _workers([message.pk for message in messages], count=2)

    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.to_address for m in messages)
    states = set(OutboundEmail.objects.values_list("state", "attempts"))
    assert states == {(EmailState.SENT, 1)}


@override_settings(EMAIL_BACKEND="tests.referrals.intake.test_worker_concurrency.SlowProvider")
def test_no_transaction_or_row_lock_is_held_while_the_provider_works():
    [message] = queued_team_emails(1)

    send_email.call(message.pk)

    assert SEEN_DURING_SEND == [(False, True)]
    message.refresh_from_db()
    assert message.state == EmailState.SENT
