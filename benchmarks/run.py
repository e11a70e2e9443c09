"""`make bench`: the site in production shape beside a stock Wagtail site, as one table.

Both sites run on this machine, on 127.0.0.1, at the same time:

- the project with production settings (benchmarks.bench_settings adds only /floor/):
  PostgreSQL (a bench database rebuilt each run), Redis, gunicorn with 2 sync workers behind
  an imagined HTTPS proxy (X-Forwarded-Proto), and one `manage.py task_worker`;
- the stock Wagtail site from ../shared/peer-wagtail (SQLite, gunicorn with 2 sync workers).

The machine is shared and noisy, so figures are server CPU per request read from /proc
(utime + stime of every server process: gunicorn master and workers, task_worker, the bench
database's PostgreSQL backends and Redis for the project; gunicorn for the stock site), in
batches that alternate between the sites, several rounds; each figure is the median of the
rounds' ratios. Then, with the servers stopped: the worker with a slow email provider, SQLite
under `make run` settings with concurrent submitters, and staff screens at 60 and 50,000
referrals. Before those, the load soak (benchmarks.soak): 20 clients sending referrals at once
for 60 s while the worker sends their emails. Writes artifacts/bench.md (the table) and
artifacts/bench/results.json.
"""

import datetime
import json
import os
import platform
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import traceback
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis

from . import proc, report, soak
from .client import Site, Visitor
from .servers import (
    BENCH_DIR,
    PEER_DIR,
    PEER_SOURCE,
    ROOT,
    VENV_BIN,
    Processes,
    clean_env,
    free_port,
    gunicorn,
    log_tail,
    run_checked,
    wait_until_serving,
)

ROUNDS = 7
BATCH_SECONDS = 1.5  # each batch runs at least this long, so /proc's 10 ms ticks are a few %
SUBMISSION_BATCH_SECONDS = 3.0
# The sending alone: visitors brought to "Check your answers" (the stock form: its page opened)
# before each batch, which then sends from each of them.
SENDINGS_PER_BATCH = 60
SENDING_PAGE = "check-your-answers/"
# One worker machine runs what README's "Production deployment" runs there: one task_worker
# process (it sends the outbox in TASK_WORKER_THREADS threads).
WORKER_PROCESSES = 1
STAFF_EMAIL = "bench-staff@example.invalid"
SLOW_PROVIDER_SECONDS = 2
SLOW_SUBMISSIONS = 24  # 48 emails: long enough to see the steady rate, not one burst
SLOW_TEXTS = 48  # texts queued at once for the worker and a 2 s Notify stand-in
CONCURRENT_SUBMITTERS = 8
SUBMISSIONS_EACH = 5
TIME_LIMIT_SECONDS = 1200

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vig_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
TASKS_TABLE = "django_tasks_database_dbtaskresult"  # django-tasks-db's queue
# Emails waiting to be sent or being sent, and tasks ready or running: the worker's work left.
PENDING_WORK = (
    "SELECT (SELECT count(*) FROM referrals_outboundemail"
    "        WHERE state IN ('queued', 'retrying', 'sending'))"
    "    + (SELECT count(*) FROM django_tasks_database_dbtaskresult"
    "       WHERE status IN ('READY', 'RUNNING'))"
)
FORM = "/refer/"
INFO_PAGE = "/what-happens-in-a-vig-cycle/"
POLISH_HOME = "/pl/"  # the demo's Polish home page (setup_demo copies the tree to each language)
# Public endpoints cached like the home page (home.directory), measured beside it.
FEED_LIST = "/openreferral/services"
SITEMAP = "/sitemap.xml"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # production settings trust it from the proxy

STARTED = time.monotonic()


class BenchError(RuntimeError):
    def __init__(self, message, outcome=""):
        super().__init__(message)
        self.outcome = outcome or message


def elapsed():
    return time.monotonic() - STARTED


def say(message):
    print(f"[{elapsed():5.0f}s] {message}", flush=True)


# --- the two sites ---------------------------------------------------------------------------


def project_env(port, **overrides):
    values = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "PYTHONPATH": ROOT,
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # A host name: production refuses an address (passkeys work only on a host name).
        "SITE_BASE_URL": f"https://localhost:{port}",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "RECAPTCHA_DISABLED": "true",
        "TRUSTED_PROXIES": "none",
        "EMAIL_BACKEND": "benchmarks.slow_email.SlowEmailBackend",
        "BENCH_EMAIL_SECONDS": "0",
        # Texts through the real Notify backend and client, its HTTP call a stand-in.
        "TEXT_BACKEND": "benchmarks.slow_text.SlowNotifyTextBackend",
        "NOTIFY_API_KEY": f"bench-{uuid.uuid4()}-{uuid.uuid4()}",
        "NOTIFY_SMS_TEMPLATE_ID": str(uuid.uuid4()),
        "BENCH_TEXT_SECONDS": "0",
        "DEFAULT_FROM_EMAIL": "VIG Support <no-reply@example.invalid>",
        "TEAM_NOTIFICATION_EMAIL": "vig-team@example.invalid",
        # Every request comes from 127.0.0.1: keep the limit's code path, not its refusals.
        "SUBMISSION_RATE_LIMIT": "1000000",
        # The reset timing asks 40 times for one address: time the path, not the throttle.
        "LOGIN_FAILURE_LIMIT": "1000000",
        "LOGIN_FAILURE_LIMIT_PER_ADDRESS": "1000000",
        "LOG_LEVEL": "WARNING",
    }
    return clean_env(**{**values, **overrides})


def peer_env():
    return clean_env(DJANGO_SETTINGS_MODULE="peer.settings.bench")


def manage(*args, env, log, timeout=300):
    run_checked([VENV_BIN / "python", "manage.py", *args], env=env, log=log, timeout=timeout)


def prepare_peer(log):
    if (PEER_DIR / ".venv" / "bin" / "gunicorn").exists() and (PEER_DIR / "db.sqlite3").exists():
        return
    say(f"setting up the stock Wagtail site in {PEER_DIR.relative_to(ROOT)}")
    run_checked(["bash", PEER_SOURCE / "setup.sh", PEER_DIR], env=clean_env(), log=log, timeout=400)


SHOW_A_BANNER = (
    "import datetime; from django.utils import timezone; from home.models import AlertBanner; "
    "AlertBanner.objects.create(heading='We are closed from 24 to 26 December.', "
    "text='If a child is in danger, phone 999.', starts_at=timezone.now(), "
    "ends_at=timezone.now() + datetime.timedelta(days=1))"
)


def prepare_project(env, log):
    """A fresh bench database and cache, migrated, with static files and the demo pages."""
    url = urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    manage("migrate", "--noinput", "-v0", env=env, log=log)
    manage("collectstatic", "--noinput", "-v0", env=env, log=log)
    manage("setup_demo", "--no-accounts", env=env, log=log)
    # Every page is measured with an alert banner showing, ending after the run: the cached
    # pages' figures include keeping a page no longer than the banner's window (home.cache).
    manage("shell", "-c", SHOW_A_BANNER, env=env, log=log)
    # One staff account, whose address the password-reset figure asks about.
    manage(
        "createsuperuser",
        "--noinput",
        env={
            **env,
            "DJANGO_SUPERUSER_USERNAME": "bench-staff",
            "DJANGO_SUPERUSER_EMAIL": STAFF_EMAIL,
            "DJANGO_SUPERUSER_PASSWORD": "bench-only-password-0123",
        },
        log=log,
    )


def password_reset_timing(site, repeat=40):
    """Median response time of 'Forgotten password?' for an address with an account and for
    one without, asked alternately; the two must look the same from outside."""
    times = {"known": [], "unknown": []}
    path = "/admin/password_reset/"
    for n in range(repeat):
        for label, email in (("known", STAFF_EMAIL), ("unknown", f"nobody{n}@example.invalid")):
            visitor = Visitor(site)
            form = expect(visitor.get(path), 200, "password reset form")
            started = time.perf_counter()
            answer = visitor.post(path, {"email": email, "csrfmiddlewaretoken": form.csrf_token()})
            times[label].append(time.perf_counter() - started)
            expect(answer, 302, f"password reset POST ({label} address)")
    return {label: statistics.median(values) for label, values in times.items()}


# --- what a visitor does ---------------------------------------------------------------------


def expect(response, status, what, contains=None):
    if response.status != status or (contains and contains not in response.body.lower()):
        snippet = response.body[:300].decode(errors="replace")
        raise BenchError(
            f"{what}: answered {response.status}, expected {status}: {snippet}",
            outcome=f"{what.split(' (')[0]} answered {response.status}",
        )
    return response


def project_answers():
    """A complete, valid self-referral, as tests/referrals/intake/conftest.py posts it."""
    born = datetime.date.today() - datetime.timedelta(days=4 * 365 + 40)
    return {
        "contact_name": "Bench Parent",
        "relationship": "parent",
        "relationship_other": "",
        "email": "bench.parent@example.com",
        "phone": "07123 456789",
        "safe_contact": ["email", "phone"],
        "preferred_contact": "phone",
        "contact_times": "Weekday mornings",
        "postcode": "eh546ff",
        "child_first_name": "Aoife",
        "child_date_of_birth_0": str(born.day),
        "child_date_of_birth_1": str(born.month),
        "child_date_of_birth_2": str(born.year),
        "school_or_nursery": "Little Acorns Nursery",
        "what_to_change": "We argue at bedtime and I would like us to enjoy it again.",
        "session_location": "home",
        "session_location_other": "",
        "other_services": "Health visitor",
        "language": "English",
        "access_needs": "",
        "consent_privacy": "on",
        "consent_contact": "on",
        "website": "",
    }


def page_getter(site, path, counter=None):
    def get():
        response = expect(Visitor(site).get(path), 200, f"{site.name} GET {path}")
        if counter is not None:
            counter[response.headers.get("X-Page-Cache", "none")] += 1

    return get


def feed_service_path(site):
    """The Open Referral UK endpoint of the demo service (its id comes from the site's address)."""
    response = expect(Visitor(site).get(FEED_LIST), 200, f"{site.name} GET {FEED_LIST}")
    return f"{FEED_LIST}/{json.loads(response.body)['contents'][0]['id']}"


def project_submitter(site, answers):
    """A new visitor each time: the form (every page of it, as benchmarks.soak follows them),
    each sending with its page's CSRF token, then the confirmation."""

    def submit():
        try:
            soak.submit_one_referral(soak.Tally(), Visitor(site), FORM, answers)
        except soak.NotSent as exc:
            raise BenchError(f"project submission: {exc}", outcome=str(exc)) from None

    return submit


def peer_submitter(site, answers):
    """The stock form page: form, then POST, which sends its email and shows the landing page."""

    def submit():
        visitor = Visitor(site)
        form = expect(visitor.get(FORM), 200, "stock form GET")
        answer = visitor.post(FORM, {**answers, "csrfmiddlewaretoken": form.csrf_token()})
        expect(answer, 200, f"stock POST {FORM}", contains=b"received")

    return submit


def pages_seen(site, answers):
    """Pages a visitor opens to send one referral (GETs, with the confirmation); the stock
    form's visitor sees two: the form, and the landing page its POST answers with."""
    tally = soak.Tally()
    soak.submit_one_referral(tally, Visitor(site), FORM, answers)
    return {"project": tally.methods["GET"], "stock": 2}


class Prepared:
    """An action that goes on from a page each visitor opened beforehand, outside the measured
    time: a batch runs it once for each of the `size` visitors prepared (its time is not
    used)."""

    def __init__(self, open_one, size):
        self.open_one, self.size, self.pool = open_one, size, []

    def prepare(self):
        self.pool = [self.open_one() for _ in range(self.size)]

    @property
    def ready(self):
        return bool(self.pool)

    def __call__(self):
        self.pool.pop()()


def project_sending(site, answers):
    """The sending alone: a new visitor answers every question page and opens "Check your
    answers" beforehand; measured are the send (the POST that saves the referral with its
    history, outbox and spam checks), the confirmation page and the worker sending its emails."""

    def open_one():
        try:
            go_on = soak.submit_one_referral(
                soak.Tally(), Visitor(site), FORM, answers, pause_at=SENDING_PAGE
            )
        except soak.NotSent as exc:
            raise BenchError(f"project sending: {exc}", outcome=str(exc)) from None
        if not callable(go_on):
            raise BenchError(f"project sending: the form has no page {SENDING_PAGE}")
        return go_on

    return Prepared(open_one, SENDINGS_PER_BATCH)


def peer_post(site, answers):
    """The stock form's POST alone: its form page is opened beforehand."""

    def open_one():
        visitor = Visitor(site)
        form = expect(visitor.get(FORM), 200, "stock form GET")
        fields = {**answers, "csrfmiddlewaretoken": form.csrf_token()}

        def post():
            answer = visitor.post(FORM, fields)
            expect(answer, 200, f"stock POST {FORM}", contains=b"received")

        return post

    return Prepared(open_one, SENDINGS_PER_BATCH)


# --- measuring -------------------------------------------------------------------------------


class Database:
    """The harness's own connection to the bench database (its backend is not measured)."""

    def __init__(self):
        self.connection = psycopg.connect(DATABASE_URL, autocommit=True)
        self.name = urlsplit(DATABASE_URL).path.lstrip("/")

    def value(self, sql, *params):
        return self.connection.execute(sql, params).fetchone()[0]

    def backends(self):
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (self.name,),
        )
        return [pid for (pid,) in rows]

    def vacuum(self):
        """VACUUM ANALYZE the bench database, as autovacuum keeps a production one (the planner's
        statistics, the dead rows of sent messages): this machine's PostgreSQL may have it off.
        Run between rounds, outside the measured batches."""
        self.connection.execute("VACUUM ANALYZE")

    def tasks(self):
        return self.value(f"SELECT count(*) FROM {TASKS_TABLE}")  # noqa: S608

    def wait_for_worker(self, timeout):
        """Wait until no email is waiting to be sent or being sent, and no task is ready or
        running; False if the worker did not get through them in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = self.value(PENDING_WORK)
            if not pending:
                return True
            time.sleep(0.05)
        return False


class Side:
    """The server processes of one site, grouped (web, worker, postgres, redis)."""

    def __init__(self, groups):
        self.groups = groups  # group name -> function returning its pids now

    def snapshot(self):
        return {name: proc.snapshot(pids()) for name, pids in self.groups.items()}

    def cpu(self, before, after):
        return {name: proc.cpu_seconds(before[name], after[name]) for name in self.groups}


def batch(side, action, seconds, settle=None):
    """Run `action` for at least `seconds`; server CPU per action, in ms, per process group."""
    prepared = isinstance(action, Prepared)
    if prepared:
        action.prepare()  # before the measured time
    before = side.snapshot()
    start, count = time.monotonic(), 0
    while action.ready if prepared else (count < 3 or time.monotonic() - start < seconds):
        action()
        count += 1
    if settle:
        settle()
    cpu = side.cpu(before, side.snapshot())
    return count, {group: seconds * 1000 / count for group, seconds in cpu.items()}


def interleaved_rounds(cases, db):
    """cases: {case: [(label, side, action, seconds, settle)]}; alternate order every round."""
    samples = {case: {label: [] for label, *_ in batches} for case, batches in cases.items()}
    tasks = {"queued": 0, "submissions": 0}
    for round_number in range(ROUNDS):
        db.vacuum()
        for case, batches in cases.items():
            order = batches if round_number % 2 == 0 else list(reversed(batches))
            for label, side, action, seconds, settle in order:
                counting = label == "project submission"
                queued_before = db.tasks() if counting else 0
                count, per_request = batch(side, action, seconds, settle)
                if counting:
                    tasks["queued"] += db.tasks() - queued_before
                    tasks["submissions"] += count
                samples[case][label].append(per_request)
        say(f"round {round_number + 1}/{ROUNDS} done")
    return samples, tasks


EMAILS_SENT_SINCE = (
    "SELECT min(created_at), max(sent_at), count(*) FROM referrals_outboundemail "
    "WHERE state = 'sent' AND created_at >= %s"
)
TEXTS_SENT_SINCE = (
    "SELECT min(created_at), max(sent_at), count(*) FROM referrals_outboundemail "
    "WHERE state = 'sent' AND channel = 'text' AND created_at >= %s"
)


def sending_rate(procs, env, db, *, name, logs, what, sent_since, load, warm_up=None):
    """`what` (emails or texts) a second that worker machines (one per log) send: `load()` writes
    them to the outbox; the window runs from the first written to the last sent (or to now, if
    the workers have not drained the outbox within 90 s)."""
    workers = [
        procs.start(
            [VENV_BIN / "python", "manage.py", "task_worker", "--no-startup-delay"],
            env=env,
            log=log,
        )
        for log in logs
    ]
    try:
        if warm_up:
            warm_up()
        if not db.wait_for_worker(60):
            raise BenchError(f"{name} worker did not start:\n{log_tail(workers[0].log)}")
        since = db.value("SELECT now()")
        load()
        drained = db.wait_for_worker(90)
        first_start, last_end, sent = db.connection.execute(sent_since, (since,)).fetchone()
        if not drained:
            last_end = db.value("SELECT now()")
        seconds = (last_end - first_start).total_seconds() if sent else float("nan")
        return {
            what: sent,
            "seconds": seconds,
            "per_second": sent / seconds if sent else 0.0,
            "drained": drained,
            "worker_processes": WORKER_PROCESSES,
            "provider_seconds": SLOW_PROVIDER_SECONDS,
        }
    finally:
        for worker in workers:
            procs.stop(worker)


def worker_throughput(procs, env, db, submit):
    """Emails a second that one worker machine sends when the provider takes 2 s each. The window
    includes the submissions themselves and the worker's wait to find them."""

    def submissions():
        for _ in range(SLOW_SUBMISSIONS):
            submit()

    return sending_rate(
        procs,
        env,
        db,
        name="slow",
        logs=[BENCH_DIR / f"worker-slow-{n}.log" for n in range(WORKER_PROCESSES)],
        what="emails",
        sent_since=EMAILS_SENT_SINCE,
        load=submissions,
        warm_up=submit,  # the worker's first emails load its templates; not counted
    )


def text_throughput(procs, env, db):
    """Texts a second that one worker machine sends when GOV.UK Notify (a stand-in: see
    benchmarks.slow_text) takes 2 s each: SLOW_TEXTS texts queued at once, as reminders due at
    the same hour are; timed from the first written to the last sent."""

    def reminders_due_together():
        db.connection.execute(
            "INSERT INTO referrals_outboundemail (kind, recipient_role, channel, to_address, "
            "to_phone, reference, state, attempts, last_error, provider_message_id, created_at, "
            "updated_at, session, delivery) SELECT 'referrer_confirmation', 'referrer', 'text', "
            "'', '+447700900000', 'VIG-BNCH-TEXT', 'queued', 0, '', '', now(), now(), '', '' "
            "FROM generate_series(1, %s)",
            (SLOW_TEXTS,),
        )

    return sending_rate(
        procs,
        env,
        db,
        name="text",
        logs=[BENCH_DIR / "worker-texts.log"],
        what="texts",
        sent_since=TEXTS_SENT_SINCE,
        load=reminders_due_together,
    )


def soak_run(site, db, answers):
    """The load soak (benchmarks.soak), then the worker sending every email it queued."""
    since = db.value("SELECT now()")
    figures = soak.run(
        site,
        FORM,
        answers,
        count_referrals=lambda: db.value("SELECT count(*) FROM referrals_referral"),
    )
    started = time.monotonic()
    figures["drained"] = db.wait_for_worker(120)
    figures["drain_seconds"] = time.monotonic() - started
    rows = db.connection.execute(
        "SELECT state, count(*) FROM referrals_outboundemail WHERE created_at >= %s GROUP BY state",
        (since,),
    ).fetchall()
    figures["emails"] = dict(rows)
    return figures


def count_queries(python, *, cwd, env, host, secure, pages, form_fields):
    spec = {
        "host": host,
        "secure": secure,
        "pages": pages,
        "form": {"path": FORM, "fields": form_fields},
    }
    result = subprocess.run(  # noqa: S603 - our own script
        [python, ROOT / "benchmarks" / "count_queries.py", json.dumps(spec)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        raise BenchError(f"counting queries failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def sqlite_concurrency(procs, log):
    """`make run`'s settings (dev, SQLite, runserver) with 8 visitors submitting at once."""
    database = BENCH_DIR / "make-run.sqlite3"
    for path in BENCH_DIR.glob("make-run.sqlite3*"):
        path.unlink()
    env = clean_env(
        DJANGO_SETTINGS_MODULE="vig_site.settings.dev",
        PYTHONPATH=ROOT,
        DATABASE_URL=f"sqlite:///{database}",
        # All the visitors share 127.0.0.1; in life they are different families.
        SUBMISSION_RATE_LIMIT="0",
        LOG_LEVEL="WARNING",
    )
    manage("migrate", "--noinput", "-v0", env=env, log=log)
    manage("setup_demo", env=env, log=log)
    port = free_port()
    server = procs.start(
        [VENV_BIN / "python", "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        log=BENCH_DIR / "make-run.log",
    )
    try:
        site = Site("make run", port, {})
        wait_until_serving(site, server, path="/")
        submit = project_submitter(site, project_answers())

        def submitter(_):
            outcomes = []
            for _ in range(SUBMISSIONS_EACH):
                try:
                    submit()
                    outcomes.append("saved")
                except BenchError as exc:
                    outcomes.append(exc.outcome)
                except OSError as exc:  # refused, reset, timed out
                    outcomes.append(type(exc).__name__)
            return outcomes

        count = "SELECT count(*) FROM referrals_referral"
        with sqlite3.connect(database) as connection:
            before = connection.execute(count).fetchone()[0]
        with ThreadPoolExecutor(CONCURRENT_SUBMITTERS) as pool:
            outcomes = Counter(o for result in pool.map(submitter, range(8)) for o in result)
        with sqlite3.connect(database) as connection:
            saved = connection.execute(count).fetchone()[0] - before
    finally:
        procs.stop(server)
    attempted = CONCURRENT_SUBMITTERS * SUBMISSIONS_EACH
    return {
        "submitters": CONCURRENT_SUBMITTERS,
        "attempted": attempted,
        "errors": attempted - outcomes["saved"],
        "saved": saved,
        "outcomes": dict(outcomes),
    }


def admin_scale(env):
    """Staff screens at 60 and 50,000 referrals (benchmarks/admin_scale.py)."""
    return in_process("benchmarks.admin_scale", "admin benchmark", env, timeout=300)


def report_scale(env):
    """The managers' service report at 500 and 50,000 cases (benchmarks/report_scale.py)."""
    return in_process("benchmarks.report_scale", "service report benchmark", env, timeout=400)


def in_process(module, what, env, *, timeout):
    """Run one of the in-process benchmarks with the project's Python; the JSON it prints."""
    result = subprocess.run(  # noqa: S603 - our own script
        [VENV_BIN / "python", "-m", module],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise BenchError(f"{what} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the run ---------------------------------------------------------------------------------


def git(*args):
    result = subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def code_version():
    """The commit measured, and whether the working tree differed from it."""
    try:
        commit, changes = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain")
    except (OSError, subprocess.SubprocessError):
        commit = None
    if not commit:
        return "not a git checkout"
    return f"commit {commit}" + (" with uncommitted changes" if changes else "")


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model or platform.machine()}), load average {load} at start"


def measure(procs, results):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for old_log in BENCH_DIR.glob("*.log"):
        old_log.unlink()
    setup_log = BENCH_DIR / "setup.log"
    prepare_peer(setup_log)
    port = free_port()
    env = project_env(port)
    say("preparing the bench database (migrate, collectstatic, setup_demo)")
    prepare_project(env, setup_log)

    say("starting both sites")
    project, project_web = gunicorn(
        procs,
        port=port,
        python_bin=VENV_BIN,
        app="vig_site.wsgi:application",
        name="project",
        cwd=ROOT,
        env=env,
        log=BENCH_DIR / "project.log",
        proxy_headers=PROXY_HEADERS,
    )
    worker_cmd = [VENV_BIN / "python", "manage.py", "task_worker", "--no-startup-delay"]
    worker = procs.start(worker_cmd, env=env, log=BENCH_DIR / "worker.log")
    peer, peer_web = gunicorn(
        procs,
        port=free_port(),
        python_bin=PEER_DIR / ".venv" / "bin",
        app="peer.wsgi:application",
        name="stock",
        cwd=PEER_DIR,
        env=peer_env(),
        log=BENCH_DIR / "peer.log",
    )
    db = Database()
    redis_pid = redis.Redis.from_url(REDIS_URL).info("server")["process_id"]
    project_side = Side(
        {
            "web": lambda: proc.descendants(project_web.pid),
            "worker": lambda: proc.descendants(worker.pid),
            "postgres": db.backends,
            "redis": lambda: [redis_pid],
        }
    )
    peer_side = Side({"web": lambda: proc.descendants(peer_web.pid)})

    answers = project_answers()
    peer_answers = json.loads((PEER_DIR / "referral.json").read_text())
    submit = project_submitter(project, answers)
    submit_peer = peer_submitter(peer, peer_answers)
    cache_headers = Counter()

    say("warming up (every worker process loads its code and templates)")
    for path in ("/floor/", "/", INFO_PAGE, FORM):
        for _ in range(20):
            page_getter(project, path)()
            page_getter(peer, path if path != INFO_PAGE else "/")()
    for _ in range(20):
        page_getter(project, POLISH_HOME)()
    feed_service = feed_service_path(project)
    for path in (feed_service, SITEMAP):
        for _ in range(20):
            page_getter(project, path)()
    for _ in range(4):
        submit()
        submit_peer()
    if not db.wait_for_worker(60):
        raise BenchError(f"the worker does not drain its queue:\n{log_tail(worker.log)}")

    def settle():
        if not db.wait_for_worker(60):
            raise BenchError("the worker did not drain the queue within 60 s")

    cases = {
        "floor": [
            ("project floor", project_side, page_getter(project, "/floor/"), BATCH_SECONDS, None),
            ("stock floor", peer_side, page_getter(peer, "/floor/"), BATCH_SECONDS, None),
        ],
        "home": [
            (
                "project home",
                project_side,
                page_getter(project, "/", cache_headers),
                BATCH_SECONDS,
                None,
            ),  # noqa: E501
            ("stock home", peer_side, page_getter(peer, "/"), BATCH_SECONDS, None),
            # Beside the cached home page, in the same rounds: report.SAME_ROUNDS.
            (
                "project feed service",
                project_side,
                page_getter(project, feed_service, cache_headers),
                BATCH_SECONDS,
                None,
            ),
            (
                "project sitemap",
                project_side,
                page_getter(project, SITEMAP, cache_headers),
                BATCH_SECONDS,
                None,
            ),
            (
                "project polish home",
                project_side,
                page_getter(project, POLISH_HOME, cache_headers),
                BATCH_SECONDS,
                None,
            ),
        ],
        "form": [
            ("project form GET", project_side, page_getter(project, FORM), BATCH_SECONDS, None),
            (
                "project information page",
                project_side,
                page_getter(project, INFO_PAGE),
                BATCH_SECONDS,
                None,
            ),  # noqa: E501
            ("stock form GET", peer_side, page_getter(peer, FORM), BATCH_SECONDS, None),
        ],
        "submission": [
            ("project submission", project_side, submit, SUBMISSION_BATCH_SECONDS, settle),
            ("stock submission", peer_side, submit_peer, SUBMISSION_BATCH_SECONDS, None),
        ],
        "sending": [
            ("project sending", project_side, project_sending(project, answers), 0, settle),
            ("stock POST", peer_side, peer_post(peer, peer_answers), 0, None),
        ],
    }
    say(f"{ROUNDS} interleaved rounds of CPU per request")
    results["pages_seen"] = pages_seen(project, answers)
    results["cpu"], results["tasks"] = interleaved_rounds(cases, db)
    results["cache_headers"] = dict(cache_headers)

    say("queries per request (in-process, Django's test client)")
    pages = {
        "floor": "/floor/",
        "home": "/",
        "polish home": POLISH_HOME,
        "information page": INFO_PAGE,
        "feed service": feed_service,
        "sitemap": SITEMAP,
    }
    results["queries"] = {
        "project": count_queries(
            VENV_BIN / "python",
            cwd=ROOT,
            env=env,
            host=f"127.0.0.1:{port}",
            secure=True,
            pages=pages,
            form_fields=answers,
        ),
        "stock": count_queries(
            PEER_DIR / ".venv" / "bin" / "python",
            cwd=PEER_DIR,
            env=peer_env(),
            host="127.0.0.1",
            secure=False,
            pages={"floor": "/floor/", "home": "/"},
            form_fields=peer_answers,
        ),
    }

    say("password reset: known and unknown addresses")
    results["password_reset"] = password_reset_timing(project)

    say(f"load soak: {soak.SOAK_CLIENTS} clients sending referrals for {soak.SOAK_SECONDS} s")
    results["soak"] = soak_run(project, db, answers)

    procs.stop(worker)
    say(f"worker throughput with a {SLOW_PROVIDER_SECONDS} s email provider")
    slow_env = project_env(port, BENCH_EMAIL_SECONDS=SLOW_PROVIDER_SECONDS)
    results["worker"] = worker_throughput(procs, slow_env, db, submit)
    say(f"worker throughput with a {SLOW_PROVIDER_SECONDS} s GOV.UK Notify stand-in (texts)")
    text_env = project_env(port, BENCH_TEXT_SECONDS=SLOW_PROVIDER_SECONDS)
    results["texts"] = text_throughput(procs, text_env, db)
    procs.stop(peer_web)
    procs.stop(project_web)

    say(f"SQLite under `make run` settings, {CONCURRENT_SUBMITTERS} concurrent submitters")
    results["sqlite"] = sqlite_concurrency(procs, setup_log)

    say("staff screens at 60 and 50,000 referrals (in-process, PostgreSQL)")
    results["admin"] = admin_scale(env)
    say("service report at 500 and 50,000 cases (in-process, PostgreSQL)")
    results["report"] = report_scale(env)
    db.connection.close()


def main():
    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(TIME_LIMIT_SECONDS)  # the whole run stops by itself, servers included
    results = {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "code": code_version(),
        "rounds": ROUNDS,
    }
    procs = Processes()
    error = None
    try:
        measure(procs, results)
    except Exception as exc:  # report what was measured, and why the rest was not
        traceback.print_exc()
        error = f"{type(exc).__name__}: {exc}"
    except SystemExit as exc:
        error = f"stopped (signal or time limit, exit {exc.code})"
    finally:
        procs.stop_all()
        signal.alarm(0)
    results["error"] = error
    results["seconds"] = round(elapsed())
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str))
    table = report.markdown(results)
    (ROOT / "artifacts" / "bench.md").write_text(table)
    print("\n" + table)
    return 1 if error else 0


if __name__ == "__main__":
    sys.exit(main())
