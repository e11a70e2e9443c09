"""`make run-prod` brings up the production configuration on this machine with one command:
production settings over HTTPS, PostgreSQL and Redis, a task worker (started again if it
stops), the scheduled jobs once."""

import os
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "run-prod.sh"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # run-prod's own self-signed certificate
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


def task_worker(run_prod):
    """The process id of the task worker `run_prod` runs, or None."""
    workers = subprocess.run(  # noqa: S603
        [
            "/usr/bin/pgrep",
            "-f",
            "-s",
            str(run_prod.pid),
            "^[^ ]*python[^ ]* manage.py task_worker",
        ],
        capture_output=True,
        text=True,
    )
    found = [int(pid) for pid in workers.stdout.split()]
    assert len(found) <= 1, f"more than one task worker: {found}"
    return found[0] if found else None


@pytest.mark.postgres
def test_run_prod_serves_the_site_in_production_shape(tmp_path):
    port = free_port()
    database = f"vig_run_prod_{uuid.uuid4().hex[:8]}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SECRET_", "EMAIL_"))
    }
    env.update(
        PORT=str(port),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        REDIS_URL="redis://127.0.0.1:6379/12",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    log = (tmp_path / "run-prod.log").open("w+")
    process = subprocess.Popen(  # noqa: S603 - our own script
        [SCRIPT], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                status, headers, html = fetch(f"https://127.0.0.1:{port}/")
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "run-prod.log").read_text()
                assert time.monotonic() < deadline, "run-prod did not answer in 3 minutes"
                time.sleep(1)
        assert status == 200
        assert "Video Interaction Guidance" in html  # the demo content
        status, headers, html = fetch(f"https://127.0.0.1:{port}/admin/login/")
        assert status == 200
        assert "Secure" in headers["Set-Cookie"]  # production's HTTPS-only cookies
        output = (tmp_path / "run-prod.log").read_text()
        for ran in ("Sent or tried", "anonymised", "Go-live checks"):
            assert ran in output, ran  # the scheduled jobs and the go-live checks ran once
        worker = task_worker(process)
        assert worker, "no task worker is running"
        # Links in its emails go to the site as run-prod serves it.
        environ = Path(f"/proc/{worker}/environ").read_bytes().split(b"\0")
        assert f"SITE_BASE_URL=https://localhost:{port}".encode() in environ
        # Whatever stops the worker, it is started again (deploy/supervise.sh).
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 120
        while task_worker(process) in (None, worker):
            assert time.monotonic() < deadline, "the worker was not started again"
            time.sleep(0.5)
        assert "starting it again" in (tmp_path / "run-prod.log").read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.mark.postgres
def test_run_prod_refuses_a_database_it_did_not_create():
    """It loads demo content and a superuser: never into a database that may hold real data."""
    database = f"vig_not_run_prod_{uuid.uuid4().hex[:8]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "RUN_PROD"))}
        env.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}")
        result = subprocess.run(  # noqa: S603 - our own script
            [SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode != 0
        assert "make run-prod did not create it" in result.stdout + result.stderr
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
