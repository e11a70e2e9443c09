"""The worker's claim stays on the few unsent messages however many have been sent.

The partial index outbox_to_send holds the unsent messages, in id order. The claim must be
able to use it as PostgreSQL runs it in production: as a prepared statement (psycopg prepares
a statement a connection has run five times), whose generic plan knows no parameter's value,
and after thousands of messages were sent whose index entries stay until a vacuum.
"""

import re

import pytest
from django.db import connection
from django.utils import timezone

from referrals.models import EmailKind, EmailState, OutboundEmail, RecipientRole
from referrals.outbox.claim import DUE_SQL, SENDABLE, UNSENT_SQL, claim_sql, walk_the_index

pytestmark = pytest.mark.django_db

TABLE = OutboundEmail._meta.db_table


def numbered(sql):
    """psycopg's %s placeholders as PostgreSQL's own $1, $2, ..."""
    parts = sql.split("%s")
    return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Query plans are PostgreSQL's: set DATABASE_URL to a PostgreSQL database.")


@pytest.fixture
def many_sent():
    """Thousands of messages sent, each once written as queued (so still in the index), with
    no vacuum or analyze since: where the planner, left alone, reads the index as a bitmap."""
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            kind=EmailKind.TEAM_NEW_REFERRAL,
            recipient_role=RecipientRole.TEAM,
            to_address="team@example.invalid",
            reference=f"VIG-TEST-{n:04d}",
        )
        for n in range(3000)
    )
    OutboundEmail.objects.update(state=EmailState.SENT)


def plan(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_claims_states_are_the_sendable_ones_and_the_indexs():
    states = set(re.findall(r"'(\w+)'", UNSENT_SQL))
    assert states == set(SENDABLE)
    (index,) = [i for i in OutboundEmail._meta.indexes if i.name == "outbox_to_send"]
    assert set(dict(index.condition.children)["state__in"]) == states


def test_a_prepared_claims_generic_plan_reads_the_index_not_the_outbox(many_sent):
    """The worker's very statement, every value a parameter, planned as psycopg's prepared
    statement is once a connection has run it five times."""
    statement = numbered(claim_sql(DUE_SQL, limited=True))
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        cursor.execute(
            f"PREPARE claim(varchar, timestamptz, timestamptz, timestamptz, bigint) AS {statement}"
        )
    try:
        generic = plan("EXECUTE claim('sending', now(), now(), now(), 12)")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE claim")
            cursor.execute("RESET plan_cache_mode")
    assert "outbox_to_send" in generic, generic
    assert "Seq Scan" not in generic, generic


def test_the_workers_claim_walks_the_index_in_order(many_sent):
    walk_the_index(connection)
    try:
        walked = plan(
            claim_sql(DUE_SQL, limited=True),
            ["sending", timezone.now(), timezone.now(), timezone.now(), 12],
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_bitmapscan")
    # An index scan marks the entries of sent messages dead as it passes them; a bitmap scan
    # would read them all again on every claim until the table is vacuumed.
    assert "Index Scan using outbox_to_send" in walked, walked
    assert "Bitmap" not in walked, walked


def test_the_outbox_has_only_the_indexes_its_readers_use():
    """A message is written three times (queued, claimed, sent), each time into every index."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    indexed = sorted(
        (tuple(found["columns"]), name == "outbox_to_send")
        for name, found in constraints.items()
        if found["index"] or found["primary_key"]
    )
    assert indexed == [
        (("created_at",), False),  # the outbox's list, newest first
        (("enquiry_id",), False),  # a case's messages (subject requests, erasure)
        (("id",), False),  # the primary key
        (("id",), True),  # the claim
        (("referral_id",), False),
    ]
