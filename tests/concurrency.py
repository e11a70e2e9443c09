"""For tests that need PostgreSQL (row locks, SKIP LOCKED), several threads at once, or the task
worker claiming its work from the database."""

import threading

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings

from referrals.staff import roles

ROW_LOCKS = "Row locks need PostgreSQL: set DATABASE_URL to a PostgreSQL database."
SKIP_LOCKED = "The worker's SKIP LOCKED claim needs PostgreSQL: set DATABASE_URL to one."


def needs_postgresql(reason=ROW_LOCKS):
    """Skip the test, saying why, unless the database is PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip(reason)


def needs_postgresql_and_staff_roles():
    """Skip unless on PostgreSQL; then make the staff roles' groups again. Transactional tests
    flush the database (groups from the data migration included) and may leave the content-type
    cache pointing at rows that no longer exist."""
    needs_postgresql()
    ContentType.objects.clear_cache()
    roles.sync_staff_roles(django_apps)


def at_once(count, work, *, who="a thread"):
    """Run `work()` in `count` threads, each with its own connection, started together.
    Returns what they raised (a thread's exception is otherwise lost)."""
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            work()
        except Exception as exc:  # reported by the test
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), f"{who} did not finish"
    return errors


def worker_claims_from_the_database():
    """Settings under which emails wait for the task worker, which claims tasks from the
    database (django-tasks-db) as in production."""
    return override_settings(
        OUTBOX_SEND_AT_COMMIT=False,
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    )


def run_the_worker_once():
    """One pass of the task worker over what is due, then it stops."""
    call_command("task_worker", "--threads", "1", "--batch", "--interval", "0", verbosity=0)
