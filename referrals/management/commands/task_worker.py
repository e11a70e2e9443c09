"""The worker: sends the outbox, and runs the task queue's other tasks (the staff password reset).

The outbox is sent by referrals.sending.Relay: one thread claims due messages, --threads
threads (default TASK_WORKER_THREADS, 12) send them, so a provider that takes seconds per
message is called for several at once. Messages are claimed in one statement with SKIP LOCKED,
so several worker processes never send the same one. One more thread is a django-tasks-db
worker for the task queue. Takes db_worker's options (--interval, --batch, ...) plus --threads;
--batch stops both once nothing is left to do.
"""

import os
import signal
import threading

from django.core.management.base import CommandError
from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from referrals.sending import Relay


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

        def stop(signum, frame):
            # What is being sent or run is finished first.
            relay.stop()
            tasks.running = False

        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), stop)

        failed = []

        def run_tasks():
            try:
                tasks.run()
            except BaseException as exc:
                failed.append(exc)
                relay.stop()  # the whole worker stops, so its supervisor restarts it
            finally:
                connections.close_all()

        task_thread = threading.Thread(target=run_tasks, name="tasks")
        task_thread.start()
        try:
            relay.run()
        finally:
            tasks.running = False  # stopped, finished its batch, or failed: so does the other
            task_thread.join()
        if failed:
            raise CommandError("The task queue's thread stopped") from failed[0]
