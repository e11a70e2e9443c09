"""The managers' service report at 500 and at 50,000 cases: CPU and queries per request.

Cases arrive at a steady rate (about 5,000 a year), so 500 cases are the last five weeks and
50,000 ten years of a service; the report shows its default period, the last 12 months. Every
case has its history (received, triage decision, allocation) and the allocated ones their
casework (first contact, three cycles, two goals rated at the start and the end), as the report
reads them. CPU is this process's plus its PostgreSQL backend's (from /proc), as in
benchmarks/admin_scale.py.

Run by benchmarks/run.py with the benchmark's settings on the bench database after the staff
screens' benchmark. It replaces every referral there. Prints one JSON object.
"""

import datetime
import json
import os
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
from django_otp_webauthn.models import WebAuthnCredential  # noqa: E402

from benchmarks import proc  # noqa: E402
from benchmarks.admin_scale import unique_reference  # noqa: E402
from referrals.models import (  # noqa: E402
    CaseEvent,
    CaseEventAction,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from referrals.models.casework import (  # noqa: E402
    Cycle,
    CycleLocation,
    CycleStatus,
    Goal,
    GoalRating,
    Intervention,
    Outcome,
    RatingStage,
)

SMALL, LARGE = 500, 50_000
PER_DAY = 14  # about 5,000 cases a year
REPEAT, WARMUP = 5, 2
URL = "/admin/referrals/report/"
R = ReferralStatus
BATCH = 5000


def story(n):
    """What happened to case n (0 is the newest): the newest are still in triage or waiting."""
    days = n / PER_DAY
    if n % 10 == 3:
        return R.DECLINED
    if days < 14:
        return [R.NEW, R.UNDER_REVIEW, R.ACCEPTED][n % 3]
    if days < 60:
        return [R.ACCEPTED, R.ALLOCATED][n % 2]
    return R.CLOSED


def _bulk(model, rows):
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])


def add_cases(template, start, stop):
    now = timezone.now()
    fields = [f.attname for f in Referral._meta.concrete_fields if not f.primary_key]
    referrals = []
    for n in range(start, stop):
        referral = Referral(**{name: getattr(template, name) for name in fields})
        referral.reference = unique_reference()
        referral.received_at = now - datetime.timedelta(days=n / PER_DAY, hours=n % 7)
        referral.status = story(n)
        referral.kind = ReferralKind.PROFESSIONAL if n % 3 else ReferralKind.SELF
        referral.postcode = f"EH{40 + n % 19} {n % 9}AB"
        referral.child_date_of_birth = (
            referral.received_at - datetime.timedelta(days=200 + (n * 97) % 6400)
        ).date()
        referral.assigned_to = referral.guider = None
        referral.bench_n = n
        referrals.append(referral)
    _bulk(Referral, referrals)

    events, interventions = [], []
    for referral in referrals:
        n, received = referral.bench_n, referral.received_at
        events.append(
            CaseEvent(referral=referral, action=CaseEventAction.SUBMITTED, created_at=received)
        )
        steps = {
            R.DECLINED: [R.UNDER_REVIEW, R.DECLINED],
            R.ACCEPTED: [R.UNDER_REVIEW, R.ACCEPTED],
            R.ALLOCATED: [R.UNDER_REVIEW, R.ACCEPTED, R.ALLOCATED],
            R.CLOSED: [R.UNDER_REVIEW, R.ACCEPTED, R.ALLOCATED, R.CLOSED],
        }.get(referral.status, [])
        for number, step in enumerate(steps, start=1):
            days = 60 + n % 20 if step == R.CLOSED else (2 if step != R.ALLOCATED else 20 + n % 30)
            events.append(
                CaseEvent(
                    referral=referral,
                    action=CaseEventAction.STATUS_CHANGED,
                    to_status=step,
                    created_at=min(received + datetime.timedelta(days=days, minutes=number), now),
                )
            )
        if referral.status in (R.ALLOCATED, R.CLOSED):
            day = timezone.localtime(received).date()
            interventions.append(
                Intervention(
                    referral=referral,
                    first_contact_on=day + datetime.timedelta(days=1 + n % 9),
                    outcome=(Outcome.COMPLETED if n % 6 else Outcome.ENDED_BY_FAMILY)
                    if referral.status == R.CLOSED
                    else "",
                    ended_on=day + datetime.timedelta(days=80 + n % 20)
                    if referral.status == R.CLOSED
                    else None,
                )
            )
    _bulk(CaseEvent, events)
    _bulk(Intervention, interventions)

    cycles, goals = [], []
    for work in interventions:
        start = work.first_contact_on + datetime.timedelta(days=20)
        for number in range(1, 4):
            filmed = start + datetime.timedelta(days=14 * number)
            cycles.append(
                Cycle(
                    intervention=work,
                    number=number,
                    filmed_on=filmed,
                    reviewed_on=filmed + datetime.timedelta(days=6),
                    location=CycleLocation.HOME,
                    status=CycleStatus.DONE,
                )
            )
        for number in (1, 2):
            goals.append(Goal(intervention=work, number=number, text="A goal"))
    _bulk(Cycle, cycles)
    _bulk(Goal, goals)
    ratings = []
    for goal in goals:
        work = goal.intervention
        ratings.append(
            GoalRating(
                goal=goal,
                stage=RatingStage.START,
                rating=2 + goal.pk % 4,
                rated_on=work.first_contact_on,
            )
        )
        if work.ended_on:
            ratings.append(
                GoalRating(
                    goal=goal, stage=RatingStage.END, rating=5 + goal.pk % 5, rated_on=work.ended_on
                )
            )
    _bulk(GoalRating, ratings)
    with connection.cursor() as cursor:
        for model in (Referral, CaseEvent, Intervention, Cycle, Goal, GoalRating):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def measure(client):
    options = {"secure": True, "headers": {"host": "127.0.0.1"}}
    for _ in range(WARMUP):
        assert client.get(URL, **options).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, **options)
    query_count = len(queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pids = [os.getpid(), cursor.fetchone()[0]]
    before, wall = proc.snapshot(pids), time.perf_counter()
    for _ in range(REPEAT):
        client.get(URL, **options)
    wall = time.perf_counter() - wall
    cpu = proc.cpu_seconds(before, proc.snapshot(pids))
    return {"seconds": cpu / REPEAT, "wall_seconds": wall / REPEAT, "queries": query_count}


def main():
    template = Referral.objects.order_by("-pk").first()
    if template is None:
        raise SystemExit("no referral to copy: the submission benchmark saves some first")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Referral._meta.db_table} CASCADE")
    user, _ = get_user_model().objects.get_or_create(username="bench-manager")
    user.groups.add(Group.objects.get(name="Managers"))
    client = Client()
    client.force_login(user)
    # Production requires the second factor, and of a Manager a passkey
    # (PASSKEY_REQUIRED_GROUPS): the manager has used one in this session.
    device = WebAuthnCredential.objects.create(
        user=user, name="bench", confirmed=True, credential_id=b"bench", public_key=b"bench"
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    add_cases(template, 0, SMALL)
    small = measure(client)
    built = time.perf_counter()
    add_cases(template, SMALL, LARGE)
    built = time.perf_counter() - built
    assert Referral.objects.count() == LARGE
    large = measure(client)
    print(
        json.dumps(
            {
                "small": SMALL,
                "large": LARGE,
                "at_small": small,
                "at_large": large,
                "build_seconds": built,
            }
        )
    )


if __name__ == "__main__":
    main()
