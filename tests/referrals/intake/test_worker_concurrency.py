"""Several workers sending the outbox at once, on PostgreSQL: each message goes exactly once, a
worker claims only what is due and skips rows another holds, and no transaction or row lock is
open while the provider takes its time; a worker carries on when the database is briefly
unreachable."""

import datetime
import threading
import time
from collections import Counter
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import (
    OperationalError,
    close_old_connections,
    connection,
    connections,
    transaction,
)
from django.test import override_settings
from django.utils import timezone

from referrals.models import EmailState, OutboundEmail
from referrals.outbox.claim import claim
from referrals.outbox.sending import deliver
from referrals.outbox.worker import Relay
from tests.concurrency import at_once, needs_postgresql
from tests.factories import queued_team_emails

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROVIDER = "tests.referrals.intake.test_worker_concurrency.SlowProvider"
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


class QuickProvider(EmailBackend):
    """Fast enough for many messages, slow enough that workers overlap."""

    def send_messages(self, messages):
        time.sleep(0.01)
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
    needs_postgresql()
    SEEN_DURING_SEND.clear()
    mail.outbox = []


def _each_sent_once(messages):
    assert Counter(m.to[0] for m in mail.outbox) == {m.to_address: 1 for m in messages}
    states = set(OutboundEmail.objects.values_list("state", "attempts"))
    assert states == {(EmailState.SENT, 1)}


@override_settings(EMAIL_BACKEND=f"{PROVIDER.rsplit('.', 1)[0]}.QuickProvider")
def test_several_workers_running_at_once_never_send_a_message_twice():
    messages = queued_team_emails(60)

    errors = at_once(
        3, lambda: Relay(threads=4, interval=0, until_empty=True).run(), who="a worker"
    )

    assert errors == []
    _each_sent_once(messages)


@override_settings(EMAIL_BACKEND=f"{PROVIDER.rsplit('.', 1)[0]}.QuickProvider")
def test_many_senders_of_the_same_messages_send_each_once():
    """As a send at commit, `retry_email` and a worker racing for the same messages would."""
    messages = queued_team_emails(20)
    ids = [m.pk for m in messages]

    errors = at_once(6, lambda: deliver(ids), who="a worker")

    assert errors == []
    _each_sent_once(messages)


@override_settings(EMAIL_BACKEND=PROVIDER)
def test_no_transaction_or_row_lock_is_held_while_the_provider_works():
    [message] = queued_team_emails(1)

    deliver([message.pk])

    assert SEEN_DURING_SEND == [(False, True)]
    message.refresh_from_db()
    assert message.state == EmailState.SENT


@override_settings(EMAIL_BACKEND=PROVIDER)
def test_the_worker_holds_no_transaction_or_row_lock_while_the_provider_works():
    messages = queued_team_emails(2)

    Relay(threads=2, interval=0, until_empty=True).run()

    assert SEEN_DURING_SEND == [(False, True), (False, True)]
    _each_sent_once(messages)


def test_the_worker_claims_only_messages_that_are_due():
    now = timezone.now()
    queued, retrying, failed_due, failed_later, sending, sent, gave_up = queued_team_emails(7)
    rows = OutboundEmail.objects.filter
    rows(pk=retrying.pk).update(state=EmailState.RETRYING, attempts=1)
    past, future = now - datetime.timedelta(minutes=1), now + datetime.timedelta(minutes=5)
    rows(pk=failed_due.pk).update(state=EmailState.FAILED, attempts=1, next_attempt_at=past)
    rows(pk=failed_later.pk).update(state=EmailState.FAILED, attempts=1, next_attempt_at=future)
    rows(pk=sending.pk).update(state=EmailState.SENDING, attempts=1)
    rows(pk=sent.pk).update(state=EmailState.SENT, attempts=1)
    rows(pk=gave_up.pk).update(state=EmailState.GAVE_UP, attempts=7)

    # The oldest first, no more than asked for.
    assert [m.pk for m in claim(limit=2, now=now)] == [queued.pk, retrying.pk]
    claimed = claim(limit=10, now=now)
    assert [m.pk for m in claimed] == [failed_due.pk]
    assert claimed[0].referral is not None  # read with its case, for the email
    assert claim(limit=10, now=now) == []

    states = dict(OutboundEmail.objects.values_list("pk", "state"))
    assert [states[m.pk] for m in (queued, retrying, failed_due)] == [EmailState.SENDING] * 3
    assert states[failed_later.pk] == EmailState.FAILED
    assert states[sent.pk] == EmailState.SENT
    assert states[gave_up.pk] == EmailState.GAVE_UP
    attempts = dict(OutboundEmail.objects.values_list("pk", "attempts"))
    assert [attempts[m.pk] for m in (queued, retrying, failed_due)] == [1, 2, 2]

    # Once its wait has passed, the failed one is due; the sent one never is.
    assert [m.pk for m in claim(limit=10, now=future)] == [failed_later.pk]
    assert claim(limit=10, now=future + datetime.timedelta(days=1)) == []
    # Named ids: a failed one is taken whatever its wait, never a sent or given-up one.
    rows(pk=failed_later.pk).update(state=EmailState.FAILED, next_attempt_at=future)
    everything = [queued.pk, failed_later.pk, sending.pk, sent.pk, gave_up.pk]
    assert [m.pk for m in claim(ids=everything, now=now)] == [failed_later.pk]


def test_a_worker_skips_a_message_another_has_locked_instead_of_waiting():
    first, second = queued_team_emails(2)
    locked, release = threading.Event(), threading.Event()

    def hold_first_row():
        try:
            with transaction.atomic():
                OutboundEmail.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_first_row)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        # A claim that waited for the lock would fail here (lock_timeout), not hang: the other
        # holds its row until released below, after this claim has come back.
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '10s'")
        assert [m.pk for m in claim(limit=10)] == [second.pk]
        assert holder.is_alive() and not release.is_set()  # the lock was still held
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert [m.pk for m in claim(limit=10)] == [first.pk]


@override_settings(OUTBOX_SEND_AT_COMMIT=False)
def test_the_worker_carries_on_when_the_database_is_briefly_unreachable(caplog):
    messages = queued_team_emails(2)
    mail.outbox = []
    real_claim = claim
    failures = iter([OperationalError("the server closed the connection")])

    def claim_once_unreachable(**options):
        for exc in failures:
            raise exc
        return real_claim(**options)

    with mock.patch("referrals.outbox.worker.claim", side_effect=claim_once_unreachable):
        Relay(threads=2, interval=0, until_empty=True).run()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.to_address for m in messages)
    states = OutboundEmail.objects.filter(pk__in=[m.pk for m in messages]).values_list("state")
    assert set(states) == {(EmailState.SENT,)}
    assert "Outbox unreadable (OperationalError): trying again" in caplog.text


@override_settings(EMAIL_BACKEND=f"{PROVIDER.rsplit('.', 1)[0]}.QuickProvider")
def test_in_a_burst_a_sender_checks_its_connection_once_not_for_every_case():
    messages = [m for _ in range(4) for m in queued_team_emails(2)]  # four cases, two each
    checks = Counter()

    def counted():
        checks[threading.current_thread().name] += 1
        close_old_connections()

    relay = Relay(threads=1, interval=0, until_empty=True)
    relay.RECHECK_AFTER = 60.0  # however slow this machine is today
    with mock.patch("referrals.outbox.worker.close_old_connections", side_effect=counted):
        relay.run()

    states = OutboundEmail.objects.filter(pk__in=[m.pk for m in messages]).values_list("state")
    assert list(states) == [(EmailState.SENT,)] * 8
    assert len(mail.outbox) == 8
    # Django's health check is a round trip: the sender asks once, then sends the four cases'
    # messages on the connection it has just used (Relay.RECHECK_AFTER).
    senders = {name: count for name, count in checks.items() if name.startswith("outbox")}
    assert list(senders.values()) == [1]


HELD, RELEASE = threading.Event(), threading.Event()


class HeldProvider(EmailBackend):
    """Takes a message and holds it until the test releases it."""

    def send_messages(self, messages):
        HELD.set()
        RELEASE.wait(timeout=30)  # only so a broken run ends: nothing is timed
        return super().send_messages(messages)


@override_settings(
    OUTBOX_SEND_AT_COMMIT=False, EMAIL_BACKEND=f"{PROVIDER.rsplit('.', 1)[0]}.HeldProvider"
)
def test_stopping_the_worker_lets_the_message_being_sent_finish():
    HELD.clear()
    RELEASE.clear()
    [message] = queued_team_emails(1)
    relay = Relay(threads=2, interval=0.05)  # runs until stopped
    runner = threading.Thread(target=relay.run)
    runner.start()
    try:
        assert HELD.wait(timeout=30)  # the provider has the message
        relay.stop()
        assert runner.is_alive()  # still waiting for the send it started
    finally:
        RELEASE.set()
        runner.join(timeout=30)
    assert not runner.is_alive()
    message.refresh_from_db()
    assert message.state == EmailState.SENT
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND=f"{PROVIDER.rsplit('.', 1)[0]}.QuickProvider")
def test_the_worker_leaves_no_database_connection_open():
    messages = queued_team_emails(6)

    Relay(threads=3, interval=0, until_empty=True).run()

    _each_sent_once(messages)

    def others():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]

    # A closed session leaves pg_stat_activity a moment later; one left open never does.
    deadline = time.monotonic() + 10  # only so a broken run ends: nothing is timed
    while others() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert others() == 0
