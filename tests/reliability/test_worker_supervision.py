"""The worker is supervised: whatever stops it, it is started again. `make run-prod` runs it under
deploy/supervise.sh; production under systemd with deploy/vig-worker.service (README,
Production deployment). test_run_prod.py kills the worker `make run-prod` started and sees it
come back."""

import configparser
import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPERVISE = ROOT / "deploy" / "supervise.sh"


def wait_until(condition, what, seconds=60):
    deadline = time.monotonic() + seconds  # only so a broken run ends: nothing is timed
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def runs(file):
    return file.read_text().split() if file.exists() else []


def test_supervise_starts_a_command_again_each_time_it_stops_and_stops_it_on_sigterm(tmp_path):
    started = tmp_path / "started"
    # A stand-in worker: it dies twice (as a worker would that lost its database, or was
    # killed), then stays up.
    command = (
        f'echo $$ >> "{started}"; '
        f'if [ "$(wc -l < "{started}")" -lt 3 ]; then exit 3; fi; '
        "exec sleep 600"
    )
    supervisor = subprocess.Popen(  # noqa: S603 - our own script
        [SUPERVISE, "sh", "-c", command],
        env={**os.environ, "SUPERVISE_RESTART_SECONDS": "0.1"},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: len(runs(started)) == 3, "the command was not started three times")
        last = int(runs(started)[-1])
        os.kill(last, 0)  # the third one runs
    finally:
        supervisor.send_signal(signal.SIGTERM)
        _, said = supervisor.communicate(timeout=60)

    assert supervisor.returncode == 0
    assert said.count("stopped (exit status 3); starting it again") == 2
    assert len(runs(started)) == 3  # stopping it started nothing more
    try:
        os.kill(last, 0)
        raise AssertionError("the command outlived its supervisor")
    except ProcessLookupError:
        pass


def test_the_systemd_unit_starts_the_worker_again_whenever_it_stops():
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # systemd's keys are case-sensitive
    unit.read(ROOT / "deploy" / "vig-worker.service")

    assert unit["Service"]["ExecStart"].endswith("manage.py task_worker")
    assert unit["Service"]["Restart"] == "always"  # whatever stopped it
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"  # and never gives up doing so
    assert unit["Service"]["KillSignal"] == "SIGTERM"  # it finishes what it is sending
