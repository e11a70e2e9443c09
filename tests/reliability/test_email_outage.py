"""The email provider down for an hour, and the worker stopped: every referral is accepted, and
when both are back each email is sent once — never twice, never lost.

The outbox is the queue (referrals.outbox): a submission writes its rows and nothing
else, as in production (OUTBOX_SEND_AT_COMMIT off). The worker claims due rows and sends them;
here its claim-and-send runs in the test's own transaction (send_due: the same claim() and
send() its threads run, which with connections of their own could not see that transaction), and
the last test runs the real Relay, threads and all, on PostgreSQL. `retry_email` runs every 5
minutes as the README schedules it. The provider is an EmailBackend (the library boundary
anymail's backends sit on) that fails while it is "down". Time is a hand-moved clock.

The guarantee is **at most once**: a message goes to the provider only from the worker that
claimed it, and failures are retried with backoff for about 13 hours. A worker that stops
between handing a message to the provider and recording it leaves it "sending"; it is then
marked given up, visibly, and not sent again.
"""

import datetime
import io
from collections import Counter
from unittest import mock

import pytest
from anymail.exceptions import AnymailAPIError
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import Client

from referrals.models import EmailState, OutboundEmail, Referral
from referrals.outbox.sending import deliver, send_due
from referrals.outbox.settling import INTERRUPTED, SENDING_STALE_AFTER
from referrals.outbox.worker import Relay
from tests.clock import Clock

from .submit import submit_referral

PROVIDER = "tests.reliability.test_email_outage.Provider"


class Provider(EmailBackend):
    """The email provider: refuses every message while `down`, then accepts them."""

    down = False

    def send_messages(self, messages):
        if Provider.down:
            raise AnymailAPIError("The provider is unavailable (HTTP 503)")
        return super().send_messages(messages)


@pytest.fixture
def clock():
    fake = Clock(now=datetime.datetime.now(tz=datetime.UTC).timestamp())

    def now():
        return datetime.datetime.fromtimestamp(fake(), tz=datetime.UTC)

    with mock.patch("django.utils.timezone.now", now):
        yield fake


def clock_now(clock):
    return datetime.datetime.fromtimestamp(clock(), tz=datetime.UTC)


@pytest.fixture
def provider_down(settings):
    settings.EMAIL_BACKEND = PROVIDER
    Provider.down = True
    mail.outbox = []
    yield Provider
    Provider.down = False


@pytest.fixture
def live_queue(settings, refer_url):
    """Production's way: nothing is sent at commit, the worker sends. The form's address."""
    settings.OUTBOX_SEND_AT_COMMIT = False
    return refer_url


def run_worker():
    """The worker's round: claim every due message and send it (see the module docstring)."""
    send_due()


def retry_email():
    call_command("retry_email", stdout=io.StringIO())


def minutes_pass(clock, minutes, *, worker, schedule=True):
    """Time passes in 5-minute steps: retry_email runs at each if the schedule is up, and the
    worker if it is up."""
    for _ in range(0, minutes, 5):
        clock.now += 5 * 60
        if schedule:
            retry_email()
        if worker:
            run_worker()


def sends():
    """How many times each (recipient, subject) reached the provider."""
    return Counter((tuple(message.to), message.subject) for message in mail.outbox)


def states():
    return Counter(OutboundEmail.objects.values_list("state", flat=True))


def submit(url, answers, count, on_commit):
    """Send `count` referrals; each queues its emails when its transaction commits (inside the
    test's transaction, made to happen at once with `on_commit`)."""
    before = Referral.objects.count()
    for n in range(count):
        with on_commit(execute=True):
            response = submit_referral(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), url, answers)
        assert response.status_code == 302
    assert Referral.objects.count() == before + count


def wait_until_sent(clock, messages, *, worker, limit_minutes=4 * 60):
    """Minutes that pass, in 5-minute steps, until every message is sent."""
    waited = 0
    while states()[EmailState.SENT] < messages and waited < limit_minutes:
        minutes_pass(clock, 5, worker=worker)
        waited += 5
    return waited


@pytest.mark.django_db
def test_with_the_provider_the_worker_and_its_schedule_down_for_an_hour_nothing_is_lost(
    live_queue, provider_down, clock, answers, django_capture_on_commit_callbacks
):
    submit(live_queue, answers, 3, django_capture_on_commit_callbacks)  # all of it is down
    messages = OutboundEmail.objects.count()
    assert messages == 6  # the team's and the parent's, for each referral

    minutes_pass(clock, 60, worker=False, schedule=False)
    assert mail.outbox == []
    assert states() == {EmailState.QUEUED: messages}  # an hour old, and still waiting

    provider_down.down = False  # all back
    run_worker()
    assert states() == {EmailState.SENT: messages}
    assert len(mail.outbox) == messages
    assert set(sends().values()) == {1}

    minutes_pass(clock, 240, worker=True)  # four more hours: nothing goes again
    assert len(mail.outbox) == messages


@pytest.mark.django_db
@pytest.mark.parametrize("worker", [True, False], ids=["worker", "only-retry-email"])
def test_through_an_hour_long_outage_nothing_is_given_up_and_each_is_sent_once(
    worker, live_queue, provider_down, clock, answers, django_capture_on_commit_callbacks
):
    submit(live_queue, answers, 2, django_capture_on_commit_callbacks)
    messages = OutboundEmail.objects.count()
    if worker:
        run_worker()
    minutes_pass(clock, 60, worker=worker)  # tried, failed and backed off for an hour
    assert mail.outbox == []
    assert states() == {EmailState.FAILED: messages}
    rows = OutboundEmail.objects.all()
    assert set(rows.values_list("last_error", flat=True)) == {"AnymailAPIError"}  # no details
    assert all(row.next_attempt_at > clock_now(clock) for row in rows)
    assert max(rows.values_list("attempts", flat=True)) <= 4  # of 7: hours are still covered

    provider_down.down = False
    waited = wait_until_sent(clock, messages, worker=worker)
    assert states() == {EmailState.SENT: messages}
    assert set(sends().values()) == {1} and len(mail.outbox) == messages
    # Sent at the next retry the backoff allows after the outage (2 hours after the 4th try).
    assert waited <= 120

    minutes_pass(clock, 240, worker=worker)
    assert len(mail.outbox) == messages


@pytest.mark.django_db
def test_a_message_interrupted_after_the_provider_took_it_is_never_sent_again(provider_down, clock):
    from tests.factories import queued_team_emails

    provider_down.down = False
    (message,) = queued_team_emails(1)

    # The worker dies after the provider accepted the message, before recording it.
    with (
        mock.patch("referrals.outbox.sending.record_sent", side_effect=SystemExit("worker killed")),
        pytest.raises(SystemExit),
    ):
        deliver([message.pk])
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.state == EmailState.SENDING

    # Another worker, and the schedule, come round while it might still be sending: not again.
    clock.now += 5 * 60
    assert deliver([message.pk]) == 0
    retry_email()
    message.refresh_from_db()
    assert message.state == EmailState.SENDING

    # Past SENDING_STALE_AFTER it is settled: given up, visibly, and still never sent again.
    clock.now += SENDING_STALE_AFTER.total_seconds()
    retry_email()
    assert deliver([message.pk]) == 0
    assert send_due() == 0
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.state == EmailState.GAVE_UP  # visible in the outbox, with why
    assert message.last_error == INTERRUPTED
    assert message.attempts == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_itself_rides_out_an_outage_and_sends_each_once(settings, provider_down, clock):
    """The real Relay: its dispatcher and sender threads, each with its own connection."""
    if connection.vendor != "postgresql":
        pytest.skip("The worker's threads need PostgreSQL: set DATABASE_URL to one.")
    from tests.factories import queued_team_emails

    settings.OUTBOX_SEND_AT_COMMIT = False
    messages = len(queued_team_emails(5))

    def worker_round():
        Relay(threads=3, interval=0, until_empty=True).run()

    worker_round()  # the provider is down: each tried once, failed, waiting its turn
    assert states() == {EmailState.FAILED: messages}
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {1}
    worker_round()  # not due yet: not tried again
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {1}

    provider_down.down = False
    clock.now += 2 * 60  # the first wait (a minute) has passed
    worker_round()
    assert states() == {EmailState.SENT: messages}
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {2}
    assert len(mail.outbox) == messages and set(sends().values()) == {1}
    clock.now += 60 * 60
    worker_round()
    assert len(mail.outbox) == messages
