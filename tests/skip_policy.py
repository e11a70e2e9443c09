"""In CI a skipped test is a failure, unless it is on ALLOWED_SKIPS with the reason why.

Active when CI=true (or 1), or VIG_FAIL_ON_SKIP=1 (`.ci/run` sets it). On a laptop nothing
changes: the PostgreSQL and browser tests may skip, each with one line saying how to run them.
Registered from tests/conftest.py.
"""

import os

import pytest

# Test node id -> why skipping it in CI is acceptable. Keep this short; each entry is a test CI
# does not prove.
ALLOWED_SKIPS = {
    "tests/referrals/intake/test_validation.py::TestChildDateOfBirthOnTheForm::"
    "test_child_on_their_18th_birthday_is_accepted": (
        "On 29 February nobody turns 18 that day, so there is no such birthday to submit."
    ),
}


def _truthy(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def fail_on_skip():
    """True in CI: every test must run, and what cannot run fails instead."""
    return _truthy("CI") or _truthy("VIG_FAIL_ON_SKIP")


_skips = []  # (node id, reason) of every skipped test or collector, in this session


def _reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skips.append((report.nodeid, _reason(report)))


def pytest_collectreport(report):
    if report.skipped:
        _skips.append((report.nodeid, _reason(report)))


def _not_allowed():
    return [(nodeid, reason) for nodeid, reason in _skips if nodeid not in ALLOWED_SKIPS]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    if fail_on_skip() and _not_allowed() and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if not fail_on_skip():
        return
    write = terminalreporter.write_line
    not_allowed = _not_allowed()
    terminalreporter.section("skipped tests (CI allows none off ALLOWED_SKIPS)")
    write(f"{len(_skips)} skipped, {len(_skips) - len(not_allowed)} of them allowed")
    for nodeid, reason in _skips:
        if nodeid in ALLOWED_SKIPS:
            write(f"allowed: {nodeid}: {reason} ({ALLOWED_SKIPS[nodeid]})")
    for nodeid, reason in not_allowed:
        write(f"NOT ALLOWED: {nodeid}: {reason}", red=True, bold=True)
    if not_allowed:
        write(
            f"FAILED: {len(not_allowed)} test(s) skipped in CI; make them run, or add them to "
            "ALLOWED_SKIPS in tests/skip_policy.py with the reason.",
            red=True,
            bold=True,
        )
