"""Start and stop what the benchmark measures. Every process started here is stopped by
`Processes.stop_all`, which run.py calls in a `finally` (SIGTERM and SIGINT included)."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from .client import Site, Visitor

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "artifacts" / "bench"
PEER_DIR = ROOT / "artifacts" / "peer-wagtail"
PEER_SOURCE = ROOT.parent / "shared" / "peer-wagtail"
VENV_BIN = ROOT / ".venv" / "bin"

# Only these variables pass from the caller's shell: a developer's DATABASE_URL or
# DJANGO_SETTINGS_MODULE must not leak into either site.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "TZ")


def clean_env(**values):
    env = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    env.update({key: str(value) for key, value in values.items()})
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path, lines=25):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def run_checked(command, *, env, cwd=ROOT, log, timeout=300):
    """Run a setup command to completion; on failure, raise with the end of its output."""
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(map(str, command))}\n".encode())
        out.flush()
        result = subprocess.run(  # noqa: S603 - our own commands, no shell
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout
        )
    if result.returncode:
        raise RuntimeError(f"{command[1:3]} failed ({result.returncode}):\n{log_tail(log)}")


class Processes:
    """Long-running servers, each in its own process group so its workers stop with it."""

    def __init__(self):
        self.running = []

    def start(self, command, *, env, log, cwd=ROOT):
        out = open(log, "ab")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(  # noqa: S603 - our own commands, no shell
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log = log
        process.out = out
        self.running.append(process)
        return process

    def stop(self, process, timeout=20):
        if process.poll() is None:  # not yet reaped, so its process group id is still ours
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        process.out.close()
        if process in self.running:
            self.running.remove(process)

    def stop_all(self):
        for process in reversed(list(self.running)):
            try:
                self.stop(process)
            except OSError:
                pass


def wait_until_serving(site, process, path="/floor/", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{site.name} exited:\n{log_tail(process.log)}")
        try:
            if Visitor(site).get(path).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{site.name} did not answer {path} within {timeout} s")


def gunicorn(processes, *, port, python_bin, app, name, cwd, env, log, proxy_headers=None):
    """Serve a WSGI app as our deployment does: gunicorn, 2 sync workers, on 127.0.0.1."""
    command = [
        python_bin / "gunicorn",
        app,
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    process = processes.start(command, env=env, log=log, cwd=cwd)
    site = Site(name, port, proxy_headers or {}, "https" if proxy_headers else "http")
    wait_until_serving(site, process)
    return site, process
