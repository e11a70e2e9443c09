"""The worker does not keep finished tasks for ever: django-tasks-db's rows for tasks that ended
(successfully or not) more than a day ago are deleted (the staff password reset's among them);
those waiting, running or just finished stay."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from tests.concurrency import (
    SKIP_LOCKED,
    needs_postgresql,
    run_the_worker_once,
    worker_claims_from_the_database,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@task
def housekeeping():
    """A stand-in for any task the site queues."""


@pytest.fixture(autouse=True)
def _needs_postgresql():
    needs_postgresql(SKIP_LOCKED)


@worker_claims_from_the_database()
def test_the_worker_deletes_tasks_that_finished_more_than_a_day_ago():
    now = timezone.now()
    rows = {}
    for name, status, finished in [
        ("succeeded two days ago", TaskResultStatus.SUCCESSFUL, now - datetime.timedelta(days=2)),
        ("failed two days ago", TaskResultStatus.FAILED, now - datetime.timedelta(days=2)),
        ("succeeded an hour ago", TaskResultStatus.SUCCESSFUL, now - datetime.timedelta(hours=1)),
        ("failed an hour ago", TaskResultStatus.FAILED, now - datetime.timedelta(hours=1)),
        ("running for two days", TaskResultStatus.RUNNING, None),
    ]:
        result = housekeeping.enqueue()
        DBTaskResult.objects.filter(pk=result.id).update(
            status=status, finished_at=finished, enqueued_at=now - datetime.timedelta(days=2)
        )
        rows[name] = result.id
    waiting = housekeeping.using(run_after=now + datetime.timedelta(days=1)).enqueue()
    rows["waiting to run tomorrow"] = waiting.id

    run_the_worker_once()

    kept = {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}
    assert {name for name, pk in rows.items() if pk in kept} == {
        "succeeded an hour ago",
        "failed an hour ago",
        "running for two days",
        "waiting to run tomorrow",
    }
