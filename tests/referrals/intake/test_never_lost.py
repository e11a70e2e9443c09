"""No referral is ever lost: not when the worker is down, not when the task queue fails, not
under concurrent submissions."""

import datetime
import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from referrals.models import CaseEvent, EmailState, OutboundEmail, Referral
from referrals.tasks import retry_due_emails
from tests.intake_journey import send_referral

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_with_no_worker_running_the_referral_is_saved_and_its_email_waits(
    client, refer_url, referral_data, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.TASKS = DB_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302

    referral = Referral.objects.get()
    messages = OutboundEmail.objects.filter(reference=referral.reference)
    assert messages.count() == 2  # the team, and the parent (email is safe)
    assert set(messages.values_list("state", flat=True)) == {EmailState.QUEUED}
    # One task waits to send both.
    assert (
        DBTaskResult.objects.filter(task_path__startswith="referrals.tasks.send_email").count() == 1
    )
    assert mailoutbox == []

    # The worker comes back and runs everything that waited. (Its command closes the database
    # connection between tasks, which a test transaction cannot survive, so drive its Worker.)
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for result in DBTaskResult.objects.filter(task_path__startswith="referrals.tasks.send_email"):
        worker.run_task(result)
    assert set(messages.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(mailoutbox) == 2


def test_when_the_task_queue_itself_fails_the_email_is_sent_by_the_retry_command(
    client, refer_url, referral_data, django_capture_on_commit_callbacks, mailoutbox
):
    real_enqueue = ImmediateBackend.enqueue

    def queue_down_for_email(backend, task, args, kwargs):
        if task.module_path.startswith("referrals.tasks.send_email"):
            raise ConnectionError("queue down")
        return real_enqueue(backend, task, args, kwargs)

    with (
        mock.patch.object(ImmediateBackend, "enqueue", queue_down_for_email),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    messages = OutboundEmail.objects.filter(reference=referral.reference)
    assert set(messages.values_list("state", flat=True)) == {EmailState.QUEUED}
    assert mailoutbox == []

    # Fifteen minutes later the scheduled retry picks up what no worker ever saw.
    later = messages.first().updated_at + datetime.timedelta(minutes=16)
    assert retry_due_emails(now=later) == 2
    assert set(messages.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(mailoutbox) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_are_all_saved_with_distinct_references(live_server, referral_data):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL; run `make test` with it available")
    from home.demo import site as demo_site
    from referrals.demo import pages as demo_pages
    from tests.conftest import restore_migrated_state

    restore_migrated_state()
    home, _ = demo_site.setup_site()
    url = demo_pages.setup_form_pages(home)["refer"].url

    submitters = 8
    barrier = threading.Barrier(submitters)
    statuses, errors = [], []

    def submit(n):
        browser = Client(REMOTE_ADDR=f"10.1.0.{n}")
        try:
            browser.get(url)
            barrier.wait(timeout=30)
            statuses.append(send_referral(browser, url, referral_data).status_code)
        except Exception as exc:  # reported below: a thread's exception is otherwise lost
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(submitters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert statuses == [302] * submitters
    references = list(Referral.objects.values_list("reference", flat=True))
    assert len(references) == submitters
    assert len(set(references)) == submitters
    assert CaseEvent.objects.filter(referral__isnull=False).count() == submitters


def test_retry_command_leaves_failed_email_to_the_workers_own_scheduled_retry(db, settings):
    from django.utils import timezone

    from referrals.tasks import due_for_retry

    now = timezone.now()
    message = OutboundEmail.objects.create(
        kind="team_new_referral",
        recipient_role="team",
        to_address="team@example.invalid",
        reference="VIG-0000-0001",
        state=EmailState.FAILED,
        attempts=1,
        next_attempt_at=now - datetime.timedelta(minutes=1),
    )
    # The development backend cannot schedule: the command retries as soon as it is due.
    assert message in due_for_retry(now)
    # The production backend has its own retry queued: the command waits until it is overdue.
    settings.TASKS = DB_TASKS
    assert message not in due_for_retry(now)
    assert message in due_for_retry(now + datetime.timedelta(minutes=20))
