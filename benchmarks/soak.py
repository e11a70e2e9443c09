"""The load soak: SOAK_CLIENTS visitors sending real referrals at once for SOAK_SECONDS against
the project as `make bench` runs it (gunicorn on PostgreSQL, Redis, a task_worker).

It reports submissions a second, the 95th-percentile response times, every 5xx answer (there
must be none) and the referrals saved against the sendings answered with a confirmation (they
must be equal: no referral saved without the family being told, none told without it saved).
Then the worker must send every email the soak queued.

`submit_one_referral` is the only place that knows the form's flow. It follows the form pages
as a browser does: open the form (through its "Start now" button if it has a start page), send
the answers, follow the redirect to the next page (a question page or "Check your answers"),
send again, until a page shows a reference (`VIG-XXXX-XXXX`). Every page gets all the
answers; each form reads the fields it asks.
"""

import re
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .client import Visitor

SOAK_CLIENTS = 20
SOAK_SECONDS = 60
MAX_PAGES = 12  # a flow longer than this is a loop, not a form
REFERENCE = re.compile(rb"VIG-[0-9A-Z]{4}-[0-9A-Z]{4}")
INTAKE_FORM = re.compile(rb'<form\b[^>]*class="[^"]*intake-form[^"]*"[^>]*>')
ACTION = re.compile(rb'action="([^"]*)"')
START = re.compile(rb'<a href="([^"]+)"[^>]*class="[^"]*button--start')


class NotSent(Exception):
    """The flow stopped before a confirmation (a mistake in the answers, or an error page)."""


@dataclass
class Tally:
    """What the soak saw; shared by the client threads under `lock`."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)  # every request, seconds
    send_latencies: list = field(default_factory=list)  # the POST that saved, seconds
    whole: list = field(default_factory=list)  # a whole submission, seconds
    methods: Counter = field(default_factory=Counter)  # requests by method
    sent: int = 0  # sendings answered with a confirmation
    failed: Counter = field(default_factory=Counter)  # why a submission did not finish

    def request(self, visitor, method, path, fields=None):
        started = time.perf_counter()
        response = visitor.request(method, path, fields)
        took = time.perf_counter() - started
        with self.lock:
            self.statuses[response.status] += 1
            self.methods[method] += 1
            self.latencies.append(took)
        return response, took


def _form_action(body, path):
    tag = INTAKE_FORM.search(body)
    found = ACTION.search(tag.group(0)) if tag else None
    return (found.group(1).decode() if found else "") or path


def submit_one_referral(tally, visitor, start, answers, *, pause_at=None):
    """Send one referral from the form at `start` the way a browser does; return the
    sending's response time. Raises NotSent when no confirmation came.

    With `pause_at` (the end of a page's path, "check-your-answers/"), stop when that page is
    open, before posting it, and return a function that goes on from there (the rest of the
    flow, returning the sending's response time)."""
    path = start
    page, _ = tally.request(visitor, "GET", path)
    begin = START.search(page.body) if not INTAKE_FORM.search(page.body) else None
    if page.status == 200 and begin:  # a start page: its button opens the first question
        path = urlsplit(begin.group(1).decode()).path
        page, _ = tally.request(visitor, "GET", path)
    return _follow(tally, visitor, page, path, answers, pause_at)


def _follow(tally, visitor, page, path, answers, pause_at=None):
    for _ in range(MAX_PAGES):
        if page.status != 200:
            raise NotSent(f"form page answered {page.status}")
        if REFERENCE.search(page.body):
            raise NotSent("a reference was shown before anything was sent")
        if pause_at and path.endswith(pause_at):
            opened = page, path
            return lambda: _follow(tally, visitor, *opened, answers)
        fields = {**answers, "csrfmiddlewaretoken": page.csrf_token()}
        answer, took = tally.request(visitor, "POST", _form_action(page.body, path), fields)
        if answer.status == 200:
            raise NotSent("a form page found mistakes in the answers")
        if answer.status not in (301, 302, 303):
            raise NotSent(f"sending answered {answer.status}")
        path = urlsplit(answer.headers["Location"]).path
        page, _ = tally.request(visitor, "GET", path)
        if page.status == 200 and REFERENCE.search(page.body):
            return took  # the confirmation: this sending saved the referral
    raise NotSent(f"no confirmation after {MAX_PAGES} pages")


def run(site, start, answers, *, count_referrals, clients=SOAK_CLIENTS, seconds=SOAK_SECONDS):
    """Run the soak; returns its figures. `count_referrals()` reads the referrals table."""
    tally = Tally()
    before = count_referrals()
    deadline = time.monotonic() + seconds

    def client():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                took = submit_one_referral(tally, Visitor(site), start, answers)
            except NotSent as exc:
                with tally.lock:
                    tally.failed[str(exc)] += 1
                continue
            except OSError as exc:  # refused, reset, timed out
                with tally.lock:
                    tally.failed[type(exc).__name__] += 1
                continue
            with tally.lock:
                tally.sent += 1
                tally.send_latencies.append(took)
                tally.whole.append(time.perf_counter() - started)

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - began  # to the last answer of the last submission
    saved = count_referrals() - before
    return {
        "clients": clients,
        "planned_seconds": seconds,
        "seconds": duration,
        "sent": tally.sent,
        "saved": saved,
        "per_second": tally.sent / duration,
        "requests": sum(tally.statuses.values()),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "server_errors": sum(v for k, v in tally.statuses.items() if k >= 500),
        "failed": dict(tally.failed),
        "p95_send_ms": p95(tally.send_latencies) * 1000,
        "p95_submission_ms": p95(tally.whole) * 1000,
        "p95_request_ms": p95(tally.latencies) * 1000,
    }


def p95(values):
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20)[-1]
