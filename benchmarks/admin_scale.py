"""Staff screens at 60 and at 50,000 referrals: CPU and queries per request, in-process.

CPU is this process's plus its PostgreSQL backend's (from /proc), over REPEAT requests: steadier
than wall time on a shared machine, and it counts the database's work.

Run by benchmarks/run.py with the benchmark's production settings on the bench database, after
the servers have stopped. It replaces every referral in that database (the bench database is
rebuilt on every run). Prints one JSON object.
"""

import datetime
import json
import os
import random
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from benchmarks import proc  # noqa: E402
from referrals.cases.references import new_reference  # noqa: E402
from referrals.models import Referral, ReferralStatus  # noqa: E402

SMALL, LARGE = 60, 50_000
WORKING_QUEUE = 500  # referrals still being worked at any time; older ones are closed
REPEAT, WARMUP = 10, 2
LIST = "/admin/referrals/referral/"
SCREENS = {
    "dashboard": "/admin/",
    "name search": None,
    "triage list": LIST,
    "waiting list": "/admin/referrals/waiting-list/",  # accepted families awaiting a Guider
}
# Names built from syllables, so that (as with real names) few rows share a surname's letters.
SYLLABLES = [
    "ab",
    "bel",
    "cor",
    "dun",
    "el",
    "far",
    "gil",
    "hal",
    "ing",
    "jor",
    "kel",
    "lor",
    "mac",
    "nor",
    "ow",
    "pet",
    "quin",
    "ros",
    "sut",
    "tor",
    "ul",
    "ver",
    "wil",
    "yat",
]
FIRST_NAMES = ["Aoife", "Ben", "Chloe", "Dev", "Esme", "Farah", "Gus", "Hana", "Isla", "Jon"]
SEARCHED_ROW = 42  # among the first rows, so the search finds it at both sizes


def surname(n):
    rng = random.Random(n)
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


_USED = set()


def unique_reference():
    """A fresh reference, never one this run already gave (the table's key is unique)."""
    while (reference := new_reference()) in _USED:
        pass
    _USED.add(reference)
    return reference


def status_of(n, statuses):
    """As in a service that has run for years: the newest are new, the next few hundred are
    somewhere in the workflow, and everything older has long been closed."""
    if n < SMALL:
        return ReferralStatus.NEW
    if n < WORKING_QUEUE:
        return random.choice(statuses)
    return ReferralStatus.CLOSED


def add_referrals(template, start, stop):
    now = timezone.now()
    statuses = list(ReferralStatus.values)
    fields = [f.attname for f in Referral._meta.concrete_fields if not f.primary_key]
    batch = []
    for n in range(start, stop):
        referral = Referral(**{name: getattr(template, name) for name in fields})
        referral.reference = unique_reference()
        referral.received_at = now - datetime.timedelta(minutes=n)
        referral.status = status_of(n, statuses)
        referral.assigned_to = None
        referral.contact_name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {surname(n)}"
        batch.append(referral)
        if len(batch) == 5000:
            Referral.objects.bulk_create(batch)
            batch = []
    Referral.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Referral._meta.db_table}")


def search_url(client, options):
    """Search as an officer does: the box posts the term, the list comes back at ?search=…"""
    response = client.post(LIST, {"q": surname(SEARCHED_ROW)}, **options)
    assert response.status_code == 302, response.status_code
    return response["Location"]


def measure(client):
    options = {"secure": True, "headers": {"host": "127.0.0.1"}}
    figures = {}
    for name, url in SCREENS.items():
        url = url or search_url(client, options)
        for _ in range(WARMUP):
            assert client.get(url, **options).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **options)
        query_count = len(queries)  # now: the next request empties the connection's log
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids = [os.getpid(), cursor.fetchone()[0]]
        before, wall = proc.snapshot(pids), time.perf_counter()
        for _ in range(REPEAT):
            client.get(url, **options)
        wall = time.perf_counter() - wall
        cpu = proc.cpu_seconds(before, proc.snapshot(pids))
        figures[name] = {
            "seconds": cpu / REPEAT,
            "wall_seconds": wall / REPEAT,
            "queries": query_count,
        }
    return figures


def main():
    template = Referral.objects.order_by("-pk").first()
    if template is None:
        raise SystemExit("no referral to copy: the submission benchmark saves some first")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Referral._meta.db_table} CASCADE")
    user = get_user_model().objects.create_user("bench-officer", password=None)
    user.groups.add(Group.objects.get(name="Triage officers"))
    client = Client()
    client.force_login(user)
    # Production requires the second factor: the officer has passed it in this session.
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    add_referrals(template, 0, SMALL)
    small = measure(client)
    add_referrals(template, SMALL, LARGE)
    assert Referral.objects.count() == LARGE
    large = measure(client)
    print(json.dumps({"small": SMALL, "large": LARGE, "at_small": small, "at_large": large}))


if __name__ == "__main__":
    main()
