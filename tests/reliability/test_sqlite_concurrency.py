"""`make run`'s embedded SQLite takes concurrent submissions without losing one.

With SQLite's default (deferred) transactions, two requests that both read and then write
cannot both upgrade their lock: one got a 500 "database is locked", and a parent who met it had
lost their referral. This starts the development server as `make run` does, on a fresh SQLite
file, and fires submissions from several clients at once.
"""

import datetime
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUBMITTERS = 8
ROUNDS = 3


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answer(born):
    return {
        "contact_name": "Test Parent",
        "relationship": "parent",
        "phone": "07123 456789",
        "safe_contact": ["phone"],
        "preferred_contact": "phone",
        "postcode": "EH54 6FF",
        "child_first_name": "Testchild",
        "child_date_of_birth_0": str(born.day),
        "child_date_of_birth_1": str(born.month),
        "child_date_of_birth_2": str(born.year),
        "what_to_change": "We would like to enjoy playtime together more.",
        "session_location": "home",
        "consent_privacy": "on",
        "consent_contact": "on",
        "website": "",
    }


def submit(base_url):
    """One visitor: open the start page, answer each question page (each with its own CSRF
    token, all the answers posted, each page keeping its own), then send from "Check your
    answers". Returns the status of the sending (302 when saved)."""
    jar = http.cookiejar.CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def post(path, answers):
        with opener.open(f"{base_url}{path}", timeout=60) as response:
            html = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({**answers, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(
            f"{base_url}{path}", data=body.encode(), headers={"Referer": f"{base_url}{path}"}
        )
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, None
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location")

    with opener.open(f"{base_url}/refer/", timeout=60) as response:
        html = response.read().decode()
    button = re.search(r"<a\b[^>]*button--start[^>]*>", html).group(0)
    path = re.search(r'href="([^"]+)"', button).group(1)
    born = datetime.date.today().replace(day=1) - datetime.timedelta(days=4 * 365)
    while path != "/refer/check-your-answers/":
        status, path = post(path, answer(born))
        if status != 302:
            return status
    return post(path, {"website": ""})[0]


@pytest.fixture
def sqlite_server(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vig_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "SUBMISSION_RATE_LIMIT": "0",  # every client here shares one address
        "REDIS_URL": "",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*manage, "setup_demo", "--no-accounts"], env=env, check=True, capture_output=True
    )
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base_url}/", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield base_url, database
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_concurrent_submissions_on_sqlite_are_all_saved(sqlite_server):
    base_url, database = sqlite_server
    statuses = []
    with ThreadPoolExecutor(max_workers=SUBMITTERS) as pool:
        for _round in range(ROUNDS):
            statuses += list(pool.map(lambda _: submit(base_url), range(SUBMITTERS)))
    assert statuses == [302] * (SUBMITTERS * ROUNDS), statuses
    with sqlite3.connect(database) as connection:
        saved = connection.execute("select count(*) from referrals_referral").fetchone()[0]
    assert saved == SUBMITTERS * ROUNDS
