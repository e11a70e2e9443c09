"""PostgreSQL goes away while the worker runs, for longer than any retry of a single statement,
and comes back: the same worker process waits, reconnects and sends what is queued after the
outage. Nothing has to restart it.

The worker (`manage.py task_worker`, production settings) runs against a PostgreSQL server of
the test's own (tests/reliability/private_postgres.py), which the test stops and starts: never
the shared one.
"""

import time

import pytest

from .outages import on_database
from .private_postgres import PrivatePostgres
from .worker_process import (
    emails_to,
    production_env,
    start_worker,
    stop_worker,
    tail,
    wait_for,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

DATABASE = "vig_worker_outage"
OUTAGE_SECONDS = 5  # after both parts of the worker have met it


@pytest.fixture
def private_postgres(django_db_setup):
    """A private server holding a copy of the (migrated) test database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("A PostgreSQL outage needs PostgreSQL: set DATABASE_URL to one.")
    test_db = connection.settings_dict
    server = PrivatePostgres()
    try:
        server.start()
        server.create_database(
            DATABASE,
            copy_of=f"postgresql://{test_db['USER']}@{test_db['HOST'] or '127.0.0.1'}:"
            f"{test_db['PORT'] or 5432}/{test_db['NAME']}",
        )
        yield server
    finally:
        server.remove()


def queue_a_message(settings_dict, address):
    """A new referral's team email to `address` in the private database's outbox."""

    def write():
        from referrals.models import OutboundEmail
        from tests.factories import queued_team_emails

        (message,) = queued_team_emails(1)
        OutboundEmail.objects.filter(pk=message.pk).update(to_address=address)

    on_database(settings_dict, write)
    return address


def sent(settings_dict, address):
    """Is the message to the team's `address` recorded as sent?"""
    from referrals.models import EmailState, OutboundEmail

    return on_database(
        settings_dict,
        lambda: OutboundEmail.objects.filter(to_address=address, state=EmailState.SENT).exists(),
    )


def test_the_worker_waits_out_a_database_outage_and_sends_what_is_queued_after_it(
    private_postgres, tmp_path
):
    from django.db import connection

    settings_dict = {
        **connection.settings_dict,
        "HOST": "127.0.0.1",
        "PORT": str(private_postgres.port),
        "NAME": DATABASE,
    }
    emails = tmp_path / "email"
    emails.mkdir()
    env = production_env(private_postgres.url(DATABASE), emails)

    with (tmp_path / "worker.log").open("w+") as log:
        worker = start_worker("--threads", "2", "--interval", "0.2", env=env, log=log)
        try:
            before = queue_a_message(settings_dict, "before@example.invalid")
            wait_for(lambda: sent(settings_dict, before), worker=worker, log=log, what="a send")

            private_postgres.stop()
            # Both parts of the worker meet the outage: the outbox's claimer and the task
            # queue's thread (django-tasks-db's Worker, whose every statement fails now).
            wait_for(
                lambda: all(
                    said in tail(log, 100_000)
                    for said in ("Outbox unreadable", "Task queue unreadable")
                ),
                worker=worker,
                log=log,
                what="the worker noticing the outage",
            )
            # And it lasts: well past django-tasks-db's own retry of a statement (3 tries, 0.1 s
            # apart) and several of the worker's rounds (a second each).
            time.sleep(OUTAGE_SECONDS)
            private_postgres.start()

            after = queue_a_message(settings_dict, "after@example.invalid")
            wait_for(lambda: sent(settings_dict, after), worker=worker, log=log, what="a send")
            # The task queue's thread is running again too (it logs so as it starts again).
            wait_for(
                lambda: "Task queue readable again" in tail(log, 100_000),
                worker=worker,
                log=log,
                what="the task queue running again",
            )
            assert worker.poll() is None, tail(log)  # the same process, still running
        finally:
            stop_worker(worker)
        assert worker.returncode == 0, tail(log)  # stopped by SIGTERM, not by the outage
    assert emails_to(emails, before) == emails_to(emails, after) == 1
