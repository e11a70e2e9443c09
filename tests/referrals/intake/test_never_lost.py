"""No referral is ever lost: not when the worker is down, not when the task queue fails, not
under concurrent submissions."""

import threading
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from referrals.models import CaseEvent, EmailState, OutboundEmail, Referral
from referrals.tasks import retry_due_emails

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_with_no_worker_running_the_referral_is_saved_and_its_email_waits(
    client, refer_url, referral_data, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.TASKS = DB_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(refer_url, referral_data)
    assert response.status_code == 302

    referral = Referral.objects.get()
    messages = OutboundEmail.objects.filter(reference=referral.reference)
    assert messages.count() == 2  # the team, and the parent (email is safe)
    assert set(messages.values_list("state", flat=True)) == {EmailState.QUEUED}
    assert DBTaskResult.objects.count() == 2
    assert mailoutbox == []

    # The worker comes back and sends everything that waited.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert set(messages.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(mailoutbox) == 2


def test_when_the_task_queue_itself_fails_the_email_is_sent_by_the_retry_command(
    client, refer_url, referral_data, django_capture_on_commit_callbacks, mailoutbox
):
    from referrals import tasks

    with (
        mock.patch.object(tasks.send_email, "enqueue", side_effect=ConnectionError("queue down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(refer_url, referral_data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    messages = OutboundEmail.objects.filter(reference=referral.reference)
    assert set(messages.values_list("state", flat=True)) == {EmailState.QUEUED}
    assert mailoutbox == []

    # Fifteen minutes later the scheduled retry picks up what no worker ever saw.
    later = messages.first().updated_at + __import__("datetime").timedelta(minutes=16)
    assert retry_due_emails(now=later) == 2
    assert set(messages.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(mailoutbox) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_are_all_saved_with_distinct_references(live_server, referral_data):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL; run `make test` with it available")
    from home.demo import site as demo_site
    from home.models import HomePage
    from referrals import demo_pages

    if not HomePage.objects.exists():
        from tests.conftest import restore_migrated_state

        restore_migrated_state()
        demo_site.setup_site()
    home = HomePage.objects.get()
    url = demo_pages.setup_form_pages(home)["refer"].url

    submitters = 8
    barrier = threading.Barrier(submitters)
    statuses = []

    def submit(n):
        browser = Client(REMOTE_ADDR=f"10.1.0.{n}")
        browser.get(url)
        barrier.wait()
        statuses.append(browser.post(url, referral_data).status_code)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(submitters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302] * submitters
    references = list(Referral.objects.values_list("reference", flat=True))
    assert len(references) == submitters
    assert len(set(references)) == submitters
    assert CaseEvent.objects.filter(referral__isnull=False).count() == submitters
