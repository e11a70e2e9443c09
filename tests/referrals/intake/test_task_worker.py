"""The worker (`manage.py task_worker`) sends several emails at once, so a slow provider does not
build a queue, sends each message once, and runs the task queue's other tasks beside them."""

import datetime
import threading
import time
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

from ..triage.factories import queued_team_emails

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROVIDER_SECONDS = 1.0
IN_FLIGHT = {"now": 0, "most": 0}
LOCK = threading.Lock()


class SlowProvider(EmailBackend):
    """A provider that takes a second per message, counting how many it is handed at once."""

    def send_messages(self, messages):
        with LOCK:
            IN_FLIGHT["now"] += 1
            IN_FLIGHT["most"] = max(IN_FLIGHT["most"], IN_FLIGHT["now"])
        time.sleep(PROVIDER_SECONDS)
        with LOCK:
            IN_FLIGHT["now"] -= 1
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("The worker's SKIP LOCKED claim needs PostgreSQL: set DATABASE_URL to one.")
    IN_FLIGHT.update(now=0, most=0)
    mail.outbox = []


# As in production: no sending at commit, django-tasks-db's queue for the other tasks.
@override_settings(
    OUTBOX_SEND_AT_COMMIT=False,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    EMAIL_BACKEND="tests.referrals.intake.test_task_worker.SlowProvider",
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

    started = time.monotonic()
    call_command("task_worker", "--threads", "4", "--batch", "--interval", "0", verbosity=0)
    took = time.monotonic() - started

    assert IN_FLIGHT["most"] == 4  # one message per sender thread, all at once
    assert took < len(messages) * PROVIDER_SECONDS / 2  # one after another would take 8 s
    assert Counter(m.to[0] for m in mail.outbox) == {m.to_address: 1 for m in messages}
    sent = OutboundEmail.objects.filter(pk__in=[m.pk for m in messages])
    assert set(sent.values_list("state", "attempts")) == {(EmailState.SENT, 1)}
    waiting.refresh_from_db()
    assert (waiting.state, waiting.attempts) == (EmailState.FAILED, 1)
    done.refresh_from_db()
    assert (done.state, done.attempts) == (EmailState.SENT, 1)
    # The task thread ran the queue's other work too.
    assert DBTaskResult.objects.get(pk=reset.id).status == TaskResultStatus.SUCCESSFUL
