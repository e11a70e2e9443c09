"""The worker: sends the outbox, and runs the task queue's other tasks (the staff password reset).

The outbox is sent by referrals.outbox.worker.Relay: one thread claims due messages, --threads
threads (default TASK_WORKER_THREADS, 12) send them, so a provider that takes seconds per
message is called for several at once. Messages are claimed in one statement with SKIP LOCKED,
so several worker processes never send the same one. One more thread is a django-tasks-db
worker for the task queue. Takes db_worker's options (--interval, --batch, ...) plus --threads;
--batch stops both once nothing is left to do.

A database outage stops neither: the Relay asks again every second, and the task thread, whose
django-tasks-db Worker gives up at the first statement that fails, waits for the database to
answer and starts it again. Anything else that stops the task thread stops the whole worker, for
its supervisor (systemd, `make run-prod`) to start it again.

A last thread deletes the task queue's finished tasks (successful or failed) a day after they
ended, with django-tasks-db's own prune_db_task_results, as the worker starts and every hour:
one DELETE an hour, whatever the traffic.

Another works out the current wait the public sees (referrals.report.public_wait) as the worker
starts and then every hour if it has not been worked out yet that day: once a day.
"""

import logging
import os
import signal
import threading
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from referrals.outbox.worker import Relay
from referrals.report.public_wait import update_public_wait_if_due

logger = logging.getLogger("referrals.task_worker")

# Finished tasks are kept this long (whole days: django-tasks-db's pruning counts in days), and
# looked for this often.
KEEP_FINISHED_TASKS = timedelta(days=1)
PRUNE_EVERY = timedelta(hours=1)
# How often the worker looks whether the current wait is due to be worked out (once a day).
PUBLIC_WAIT_LOOK_EVERY = timedelta(hours=1)


class Command(DbWorkerCommand):
    help = "Send the outbox in several threads and run the task queue (see the README)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("TASK_WORKER_THREADS", "12")),
            help="How many emails may be sent at once (default TASK_WORKER_THREADS, or 12).",
        )

    def handle(self, *, threads, verbosity, queue_name, exclude_queues, worker_id, **options):
        self.configure_logging(verbosity)
        relay = Relay(threads=threads, interval=options["interval"], until_empty=options["batch"])
        tasks = Worker(
            queue_names=queue_name.split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )

        stopping = threading.Event()

        def stop(signum, frame):
            # What is being sent or run is finished first.
            relay.stop()
            tasks.running = False
            stopping.set()

        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), stop)

        failed = []

        def run_tasks():
            try:
                run_tasks_through_outages(tasks, stopping, wait=max(options["interval"], 1.0))
            except BaseException as exc:
                failed.append(exc)
                relay.stop()  # the whole worker stops, so its supervisor restarts it
            finally:
                connections.close_all()

        task_thread = threading.Thread(target=run_tasks, name="tasks")
        task_thread.start()
        pruner = threading.Thread(
            target=prune_finished_tasks,
            args=(stopping,),
            kwargs={"backend_name": options["backend_name"]},
            name="prune",
        )
        pruner.start()
        public_wait = threading.Thread(
            target=update_public_wait_daily, args=(stopping,), name="public-wait"
        )
        public_wait.start()
        try:
            relay.run()
        finally:
            tasks.running = False  # stopped, finished its batch, or failed: so does the other
            stopping.set()
            task_thread.join()
            pruner.join()
            public_wait.join()
        if failed:
            raise CommandError("The task queue's thread stopped") from failed[0]


def run_tasks_through_outages(tasks, stopping, *, wait):
    """Run django-tasks-db's Worker `tasks` until it returns (stopped, or its batch done). When
    the database fails it (an outage: its Worker.run raises at the first statement that
    fails), wait until the database answers, every `wait` seconds, and run it again. Logs once
    when the database goes and once when it is back."""
    lost = False
    while tasks.running:
        try:
            if lost:
                connection.ensure_connection()
                logger.info("Task queue readable again")
                lost = False
            tasks.run()
            return
        except DatabaseError as exc:
            if not lost:
                logger.warning(
                    "Task queue unreadable (%s): trying again every %s s",
                    type(exc).__name__,
                    wait,
                )
            lost = True
            connection.close()
            stopping.wait(wait)


def prune_finished_tasks(stopping, *, backend_name):
    """Delete the task queue's rows for tasks that finished (successfully or not) more than
    KEEP_FINISHED_TASKS ago, in every queue; now, then every PRUNE_EVERY until `stopping`. A
    failure is logged and tried again next time."""
    while True:
        try:
            call_command(
                "prune_db_task_results",
                f"--backend={backend_name}",
                "--queue-name=*",
                f"--min-age-days={KEEP_FINISHED_TASKS.days}",
                verbosity=0,
            )
        except Exception as exc:  # the database away, say: the worker carries on sending
            logger.warning("Finished tasks not pruned (%s): trying again later", type(exc).__name__)
        finally:
            connection.close()  # not kept open for an hour
        if stopping.wait(PRUNE_EVERY.total_seconds()):
            return


def update_public_wait_daily(stopping):
    """Work out the public's current wait when it has not been today: now, then every
    PUBLIC_WAIT_LOOK_EVERY until `stopping`. A failure is logged and tried again next time."""
    while True:
        try:
            update_public_wait_if_due()
        except Exception as exc:  # the database away, say: the worker carries on sending
            logger.warning(
                "Current wait not worked out (%s): trying again later", type(exc).__name__
            )
        finally:
            connection.close()
        if stopping.wait(PUBLIC_WAIT_LOOK_EVERY.total_seconds()):
            return
