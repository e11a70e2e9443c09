"""Run the task queue with several workers in one process (threads), for a slow provider.

Sending an email mostly waits on the provider, so one `db_worker` (one task at a time) sends
about one message per provider round trip. Each thread here is a django-tasks-db worker with its
own database connection; tasks are claimed with SKIP LOCKED, and send_email claims its message
in a short transaction of its own, so threads never run the same task or send the same
message. Takes db_worker's options, plus --threads (default TASK_WORKER_THREADS, 12).
"""

import os
import signal
import threading

from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker


class Command(DbWorkerCommand):
    help = "Run django-tasks-db workers in several threads of one process (see the README)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("TASK_WORKER_THREADS", "12")),
            help="How many tasks may run at once (default TASK_WORKER_THREADS, or 12).",
        )

    def handle(self, *, threads, verbosity, queue_name, exclude_queues, worker_id, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        workers = [
            Worker(
                queue_names=queue_names,
                interval=options["interval"],
                batch=options["batch"],
                backend_name=options["backend_name"],
                startup_delay=options["startup_delay"],
                max_tasks=options["max_tasks"],
                worker_id=f"{worker_id[:56]}-{index}",
                excluded_queue_names=excluded,
            )
            for index in range(max(threads, 1))
        ]

        def stop(signum, frame):
            # Each worker finishes the task it is running, then stops.
            for worker in workers:
                worker.running = False

        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), stop)

        def run(worker):
            try:
                worker.run()
            finally:
                connections.close_all()

        running = [threading.Thread(target=run, args=(worker,)) for worker in workers]
        for thread in running:
            thread.start()
        for thread in running:
            thread.join()
