"""The worker (`manage.py task_worker`) sends several emails at once, so a slow provider does not
build a queue, sends each message once, and runs the task queue's other tasks beside them."""

import datetime
import threading
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from referrals.models import EmailState, OutboundEmail
from referrals.staff.accounts import send_password_reset
from tests.factories import queued_team_emails

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 4
IN_FLIGHT = {"now": 0, "most": 0}
LOCK = threading.Lock()
# The provider holds each message until THREADS are in its hands at once (or, were the worker
# to send fewer at once, until the wait runs out: only so a broken worker ends, nothing timed).
TOGETHER = threading.Barrier(THREADS)


class HoldingProvider(EmailBackend):
    """A provider that holds each message until THREADS have reached it, counting how many it
    is handed at once."""

    def send_messages(self, messages):
        with LOCK:
            IN_FLIGHT["now"] += 1
            IN_FLIGHT["most"] = max(IN_FLIGHT["most"], IN_FLIGHT["now"])
        try:
            TOGETHER.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass  # fewer than THREADS at once: IN_FLIGHT["most"] says so
        with LOCK:
            IN_FLIGHT["now"] -= 1
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("The worker's SKIP LOCKED claim needs PostgreSQL: set DATABASE_URL to one.")
    IN_FLIGHT.update(now=0, most=0)
    TOGETHER.reset()
    mail.outbox = []


# As in production: no sending at commit, django-tasks-db's queue for the other tasks.
@override_settings(
    OUTBOX_SEND_AT_COMMIT=False,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    EMAIL_BACKEND="tests.referrals.intake.test_task_worker.HoldingProvider",
)
def test_the_worker_sends_several_messages_at_once_and_each_once():
    messages = queued_team_emails(8)
    reset = send_password_reset.enqueue([])  # account ids: none
    # Not due yet, and already sent: the worker leaves both alone.
    later = timezone.now() + datetime.timedelta(minutes=30)
    waiting, *_ = queued_team_emails(1)
    OutboundEmail.objects.filter(pk=waiting.pk).update(
        state=EmailState.FAILED, attempts=1, next_attempt_at=later
    )
    done, *_ = queued_team_emails(1)
    OutboundEmail.objects.filter(pk=done.pk).update(state=EmailState.SENT, attempts=1)

    call_command(
        "task_worker", "--threads", str(THREADS), "--batch", "--interval", "0", verbosity=0
    )

    # One message per sender thread, all at once, and never more than the threads: the
    # provider's barrier broke for no one (8 messages, two full rounds of 4).
    assert IN_FLIGHT["most"] == THREADS
    assert not TOGETHER.broken
    assert Counter(m.to[0] for m in mail.outbox) == {m.to_address: 1 for m in messages}
    sent = OutboundEmail.objects.filter(pk__in=[m.pk for m in messages])
    assert set(sent.values_list("state", "attempts")) == {(EmailState.SENT, 1)}
    waiting.refresh_from_db()
    assert (waiting.state, waiting.attempts) == (EmailState.FAILED, 1)
    done.refresh_from_db()
    assert (done.state, done.attempts) == (EmailState.SENT, 1)
    # The task thread ran the queue's other work too.
    assert DBTaskResult.objects.get(pk=reset.id).status == TaskResultStatus.SUCCESSFUL
