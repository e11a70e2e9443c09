"""`manage.py task_worker` as production runs it: its own process, production settings, email
written to files (Django's file-based backend, as `make run-prod` uses) in place of a provider."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(database_url, email_folder, **extra):
    """The environment production settings need, for a worker on `database_url`; nothing the
    test run itself set leaks in."""
    own = ("DJANGO_", "DATABASE_", "REDIS_", "SECRET_", "EMAIL_", "ALLOWED_", "SITE_", "RECAPTCHA")
    env = {key: value for key, value in os.environ.items() if not key.startswith(own)}
    env.update(
        DJANGO_SETTINGS_MODULE="vig_site.settings.production",
        SECRET_KEY="a-worker-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="vig.example.invalid",
        SITE_BASE_URL="https://vig.example.invalid",
        DATABASE_URL=database_url,
        REDIS_URL="redis://127.0.0.1:6379/14",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(email_folder),
        RECAPTCHA_DISABLED="true",
        TRUSTED_PROXIES="none",
        TEAM_NOTIFICATION_EMAIL="vig-team@example.invalid",
    )
    env.update(extra)
    return env


def manage(*args, env, timeout=300):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def start_worker(*args, env, log):
    """`manage.py task_worker *args`, its output to the open file `log`."""
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "task_worker", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop_worker(worker):
    if worker.poll() is None:
        worker.terminate()  # SIGTERM: what it is sending is finished first
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)


def emails_to(folder, address):
    """How many messages to `address` the file-based backend has written into `folder`."""
    return sum(
        path.read_text(errors="replace").count(f"\nTo: {address}\n")
        for path in Path(folder).glob("*.log")
    )


def wait_for(condition, *, worker, log, seconds=90, what="it"):
    """Wait until condition() is true; fail, showing the worker's log, if the worker exits or
    `seconds` pass first (a deadline only so a broken run ends: nothing is timed)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert worker.poll() is None, f"the worker exited ({worker.returncode}):\n{tail(log)}"
        assert time.monotonic() < deadline, f"{what} did not happen:\n{tail(log)}"
        time.sleep(0.2)


def tail(log, characters=4000):
    log.flush()
    return Path(log.name).read_text(errors="replace")[-characters:]
