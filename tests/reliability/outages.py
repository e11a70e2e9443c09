"""Real outages for the fault tests: an address that refuses connections, a database that
refuses this thread's connections; and work done on another database in a thread of its own."""

import socket
import threading

from django.db import connections
from django.test import Client


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _refusing_settings():
    refused = dict(connections["default"].settings_dict)
    if refused["ENGINE"].endswith("sqlite3"):
        refused["NAME"] = "/nonexistent-vig-folder/db.sqlite3"
    else:
        refused.update(HOST="127.0.0.1", PORT=str(closed_port()))
    return refused


def with_database_refusing(visit):
    """Run `visit(client)` in a thread whose database refuses every connection; return what it
    returns."""
    return on_database(_refusing_settings(), lambda: visit(Client(raise_request_exception=False)))


def on_database(settings_dict, work):
    """Run `work()` in a thread whose default database is `settings_dict` (the test's own
    connection and its transaction are untouched); return what it returns."""
    outcome = {}

    def run():
        wrapper = connections["default"].__class__(settings_dict, "default")
        connections["default"] = wrapper  # this thread only
        try:
            outcome["value"] = work()
        except BaseException as exc:  # reported in the test's thread
            outcome["error"] = exc
        finally:
            wrapper.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
