"""The worker works out the public's current wait by itself as it starts (and then once a day),
so the pages never depend on someone remembering to run a command."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from home.models.wait import PublicWait

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("The worker's SKIP LOCKED claim needs PostgreSQL: set DATABASE_URL to one.")


@override_settings(
    OUTBOX_SEND_AT_COMMIT=False,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
)
def test_the_worker_works_out_the_current_wait_as_it_starts():
    PublicWait.objects.all().delete()
    call_command("task_worker", "--threads", "1", "--batch", "--interval", "0", verbosity=0)
    assert PublicWait.objects.count() == 1
