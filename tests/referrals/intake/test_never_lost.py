"""No referral is ever lost: not when the worker is down, not when sending at commit fails,
not under concurrent submissions."""

import datetime
import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from referrals.models import CaseEvent, EmailState, OutboundEmail, Referral
from referrals.outbox.claim import due
from referrals.outbox.sending import send_due
from tests.intake_journey import send_referral

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_with_no_worker_running_the_referral_is_saved_and_its_email_waits(
    client, refer_url, referral_data, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.TASKS = DB_TASKS  # as in production
    settings.OUTBOX_SEND_AT_COMMIT = False
    with django_capture_on_commit_callbacks(execute=True):
        response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302

    referral = Referral.objects.get()
    messages = OutboundEmail.objects.filter(reference=referral.reference)
    assert messages.count() == 2  # the team, and the parent (email is safe)
    # The rows themselves are the queue: they wait, with nothing in the task queue.
    assert set(messages.values_list("state", flat=True)) == {EmailState.QUEUED}
    assert set(due()) == set(messages)
    assert not DBTaskResult.objects.exists()
    assert mailoutbox == []

    # The worker comes back and sends what waited. (Its threads have connections of their own,
    # which cannot see the test's transaction: its claim-and-send runs here instead.)
    assert send_due() == 2
    assert set(messages.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(mailoutbox) == 2


def test_when_sending_at_commit_fails_the_email_waits_for_the_worker_or_retry_command(
    client, refer_url, referral_data, django_capture_on_commit_callbacks, mailoutbox, caplog
):
    with (
        mock.patch(
            "referrals.outbox.sending.deliver", side_effect=ConnectionError("database gone")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    messages = OutboundEmail.objects.filter(reference=referral.reference)
    assert set(messages.values_list("state", flat=True)) == {EmailState.QUEUED}
    assert mailoutbox == []
    assert "Could not send email ids=" in caplog.text
    assert referral_data["contact_name"] not in caplog.text
    assert referral_data["email"] not in caplog.text

    # The worker, or the scheduled `retry_email`, picks up what was not sent at commit.
    assert send_due() == 2
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


def test_a_failed_email_is_due_again_once_its_wait_has_passed(db):
    now = timezone.now()
    message = OutboundEmail.objects.create(
        kind="team_new_referral",
        recipient_role="team",
        to_address="team@example.invalid",
        reference="VIG-0000-0001",
        state=EmailState.FAILED,
        attempts=1,
        next_attempt_at=now + datetime.timedelta(minutes=5),
    )
    assert message not in due(now)
    assert message in due(now + datetime.timedelta(minutes=5))
    for state in (EmailState.SENDING, EmailState.SENT, EmailState.GAVE_UP):
        OutboundEmail.objects.filter(pk=message.pk).update(state=state)
        assert message not in due(now + datetime.timedelta(days=1))
