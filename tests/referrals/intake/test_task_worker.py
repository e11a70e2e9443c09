"""The task worker sends several emails at once, so a slow provider does not build a queue,
and still sends each message once."""

import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from referrals.models import EmailState, OutboundEmail
from referrals.tasks import enqueue_send

from ..triage.factories import queued_team_emails

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IN_FLIGHT = {"now": 0, "most": 0}
LOCK = threading.Lock()


class SlowProvider(EmailBackend):
    def send_messages(self, messages):
        with LOCK:
            IN_FLIGHT["now"] += 1
            IN_FLIGHT["most"] = max(IN_FLIGHT["most"], IN_FLIGHT["now"])
        time.sleep(0.3)
        with LOCK:
            IN_FLIGHT["now"] -= 1
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("The worker's row locks need PostgreSQL: set DATABASE_URL to one.")
    IN_FLIGHT.update(now=0, most=0)


@override_settings(
    TASKS=DATABASE_TASKS,
    EMAIL_BACKEND="tests.referrals.intake.test_task_worker.SlowProvider",
)
def test_the_worker_sends_several_messages_at_once_and_each_once():
    messages = queued_team_emails(8)
    for message in messages:
        enqueue_send(message.pk)
        enqueue_send(message.pk)  # queued twice, as a retry racing the first send would be

    call_command("task_worker", "--threads", "4", "--batch", "--interval", "0", verbosity=0)

    assert IN_FLIGHT["most"] > 1
    assert len(mail.outbox) == 8
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
