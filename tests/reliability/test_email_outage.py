"""The email provider down for an hour, and the worker stopped: every referral is accepted, and
when both are back each email is sent once — never twice, never lost.

The real worker runs: django-tasks-db's worker loop (in --batch mode, as each thread of our
`task_worker` command runs it; test_task_worker.py runs the command itself) on the database
queue, with referrals.tasks, and `retry_email` runs every 5 minutes as the README schedules it.
The provider is an EmailBackend (the library boundary anymail's backends sit on) that fails
while it is "down". Time is a hand-moved clock.

The guarantee (referrals.tasks.deliver) is **at most once**: a message goes to the provider only
from the worker that claimed it, and failures are retried with backoff for about 13 hours. A
worker that stops between handing a message to the provider and recording it leaves it
"sending"; it is then marked given up, visibly, and not sent again.
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
from django.test import Client
from django_tasks_db.management.commands.db_worker import Worker

from referrals.models import EmailState, OutboundEmail, Referral
from referrals.tasks import INTERRUPTED, deliver, retry_due_emails
from tests.clock import Clock

from .submit import submit_referral

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
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


@pytest.fixture
def provider_down(settings):
    settings.EMAIL_BACKEND = PROVIDER
    Provider.down = True
    mail.outbox = []
    yield Provider
    Provider.down = False


@pytest.fixture
def live_queue(settings, refer_url):
    """The production task queue (the database); returns the form's address."""
    settings.TASKS = DATABASE_TASKS
    return refer_url


def run_worker():
    """The worker, until no task is ready. (Its loop closes stale database connections between
    tasks, which the test's transaction would not survive: that step is left out.)"""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="faults-worker",
        excluded_queue_names=[],
    )
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


def retry_email():
    call_command("retry_email", stdout=io.StringIO())


def minutes_pass(clock, minutes, *, worker):
    """Time passes in 5-minute steps: retry_email runs at each, and the worker if it is up."""
    for _ in range(0, minutes, 5):
        clock.now += 5 * 60
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


@pytest.mark.django_db
def test_with_the_provider_and_the_worker_down_for_an_hour_each_email_is_sent_once(
    live_queue, provider_down, clock, answers, django_capture_on_commit_callbacks
):
    submit(live_queue, answers, 3, django_capture_on_commit_callbacks)  # both are down
    messages = OutboundEmail.objects.count()
    assert messages == 6  # the team's and the parent's, for each referral

    minutes_pass(clock, 60, worker=False)  # retry_email keeps re-queueing what waits
    assert mail.outbox == []
    assert states()[EmailState.GAVE_UP] == 0

    provider_down.down = False  # both back
    run_worker()
    assert states() == {EmailState.SENT: messages}
    assert len(mail.outbox) == messages
    assert set(sends().values()) == {1}

    minutes_pass(clock, 240, worker=True)  # four more hours: nothing goes again
    assert len(mail.outbox) == messages


@pytest.mark.django_db
def test_a_worker_running_through_an_hour_long_outage_never_gives_up_and_sends_once(
    live_queue, provider_down, clock, answers, django_capture_on_commit_callbacks
):
    submit(live_queue, answers, 2, django_capture_on_commit_callbacks)
    messages = OutboundEmail.objects.count()
    run_worker()
    minutes_pass(clock, 60, worker=True)  # it tries, fails and backs off for an hour
    assert mail.outbox == []
    assert states() == {EmailState.FAILED: messages}
    attempts = set(OutboundEmail.objects.values_list("attempts", flat=True))
    assert max(attempts) <= 4  # of 7: hours of outage are still covered

    provider_down.down = False
    waited = 0
    while states()[EmailState.SENT] < messages and waited < 4 * 60:
        minutes_pass(clock, 5, worker=True)
        waited += 5
    assert states() == {EmailState.SENT: messages}
    assert set(sends().values()) == {1} and len(mail.outbox) == messages
    # Sent at the next retry the backoff allows after the outage (2 hours after the 4th try).
    assert waited <= 120


@pytest.mark.django_db
def test_a_message_interrupted_after_the_provider_took_it_is_never_sent_again(provider_down, clock):
    from tests.referrals.triage.factories import queued_team_emails

    provider_down.down = False
    (message,) = queued_team_emails(1)

    # The worker dies after the provider accepted the message, before recording it.
    with (
        mock.patch("referrals.tasks._record", side_effect=SystemExit("worker killed")),
        pytest.raises(SystemExit),
    ):
        deliver([message.pk])
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.state == EmailState.SENDING

    # The schedule and a repeated task both come round; the message does not go again.
    clock.now += 20 * 60
    retry_due_emails()
    deliver([message.pk])
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.state == EmailState.GAVE_UP  # visible in the outbox, with why
    assert message.last_error == INTERRUPTED
