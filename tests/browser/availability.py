"""Whether this machine can run the browser tests, and if not, the one line that says why.

On a laptop that line is a skip; in CI (tests/skip_policy.py) it is a failure.
"""

import importlib.util
import os
import shutil

import pytest

from tests.skip_policy import fail_on_skip

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _missing():
    if CHROMIUM is None:
        return (
            "Chromium not found; install Debian's chromium "
            "(`sudo apt-get install chromium`; .ci/run does this)"
        )
    for module in ("playwright", "axe_playwright_python"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed; run `.venv/bin/pip install -r requirements-dev.txt`"
    return None


MISSING = _missing()
SKIP_REASON = f"Browser tests skipped: {MISSING}" if MISSING else None
FAILURE = f"CI must run the browser tests, and cannot: {MISSING}" if MISSING else None


def skip_or_fail():
    """Called when the browser tests cannot run: fail in CI, skip elsewhere."""
    if fail_on_skip():
        pytest.fail(FAILURE, pytrace=False)
    pytest.skip(SKIP_REASON)
