"""The claim: which outbox messages are due, and taking them for one sender in one statement.

A claimed message is "sending", with its attempt counted and no sent_at (it has not been
handed to the provider yet: see referrals.outbox.sending.send). One statement claims: an UPDATE
of the rows a sub-select picks, locked with SKIP LOCKED where the database has it, RETURNING
their ids. So two workers (or a worker, `retry_email` and a send at commit) never hold the same
message, and no lock outlives the statement.
"""

import weakref

from django.db import connection
from django.utils import timezone

from referrals.models import EmailState, OutboundEmail

# States a message may be claimed from. RETRYING is kept for rows written before the outbox was
# sent by its own worker (they were waiting for a retry task): they are due like QUEUED ones.
SENDABLE = (EmailState.QUEUED, EmailState.RETRYING, EmailState.FAILED)

# The claim's conditions, in SQL. The states are written in as literals, as the predicate of the
# partial index outbox_to_send names them: as parameters (PostgreSQL binds them on the server),
# a prepared statement's generic plan could not prove it may use that index, and would read
# every message ever sent (tests hold both to SENDABLE). What it buys (`make bench`, commit
# ce52c9c): a claim read the whole outbox, 6 ms at 18,000 messages, where it reads the index.
UNSENT_SQL = "state IN ('queued', 'retrying', 'failed')"
# Not before its time: a reminder waits for its send_after (one parameter: now). Every message
# the claim reads is one outbox_to_send points to, so this filters those few rows.
NOT_BEFORE_SQL = "(send_after IS NULL OR send_after <= %s)"
# Due: queued, or failed with its backoff passed, and not before its time (two parameters: now,
# now).
DUE_SQL = f"{UNSENT_SQL} AND (state <> 'failed' OR next_attempt_at <= %s) AND {NOT_BEFORE_SQL}"

# What sending needs of a claimed message: all of it, and of its case what the emails show (see
# render_message and templates/emails/) and the language they are written in; the rest of a
# case is not read (commit 6f3c691: part of the sending's 1.67x -> 1.26x the stock POST in
# docs/benchmarks.md).
CLAIMED_FIELDS = (
    *(field.name for field in OutboundEmail._meta.concrete_fields),
    "referral__kind",
    "referral__received_at",
    "referral__may_name_team",
    "referral__site_language",
    "enquiry__received_at",
    "enquiry__may_name_team",
    "enquiry__site_language",
)


def db_time(moment):
    """A datetime as this database's driver takes it in raw SQL."""
    return connection.ops.adapt_datetimefield_value(moment)


def due(now=None):
    """The messages claim() would pick now, as a queryset over the same SQL (for tests)."""
    now = db_time(now or timezone.now())
    return OutboundEmail.objects.extra(where=[DUE_SQL], params=[now, now])  # noqa: S610


def claim(*, ids=None, limit=None, now=None, skip=()):
    """Mark messages as being sent by this worker and return them, with their cases: those of
    `ids` not already sent, given up or being sent, or else up to `limit` of those due (queued
    ones, and failed ones whose backoff has passed) and not in `skip`, oldest first. Either
    way, none before its send_after (a reminder is not due before it).

    One statement claims them (see the module's docstring); a second query reads them with
    their cases."""
    now = now or timezone.now()
    if ids is not None:
        if not ids:
            return []
        where = f"{UNSENT_SQL} AND {NOT_BEFORE_SQL} AND id IN ({', '.join(['%s'] * len(ids))})"
        return _claim(where, [db_time(now), *ids], now=now)
    walk_the_index(connection)
    where, params = DUE_SQL, [db_time(now), db_time(now)]
    if skip:
        where += f" AND id NOT IN ({', '.join(['%s'] * len(skip))})"
        params += list(skip)
    return _claim(where, params, limit=limit, now=now)


def claim_sql(where, *, limited):
    """The claim's statement for the messages the SQL condition `where` picks; its parameters:
    the state to set, now, those of `where`, then (if `limited`) how many at most. A claimed
    message has not been handed to the provider yet: no sent_at (see sending.send)."""
    table = connection.ops.quote_name(OutboundEmail._meta.db_table)
    pick = f"SELECT id FROM {table} WHERE {where} ORDER BY id"  # noqa: S608 (no input)
    if limited:
        pick += " LIMIT %s"
    if connection.features.has_select_for_update_skip_locked:
        pick += " " + connection.ops.for_update_sql(skip_locked=True)
    return (
        f"UPDATE {table} SET state = %s, attempts = attempts + 1, updated_at = %s, "  # noqa: S608
        f"sent_at = NULL WHERE id IN ({pick}) RETURNING id"
    )


def _claim(where, params, *, now, limit=None):
    """claim() for the messages the SQL condition `where` (with `params`) picks."""
    with connection.cursor() as cursor:
        cursor.execute(
            claim_sql(where, limited=limit is not None),
            [EmailState.SENDING, db_time(now), *params, *([] if limit is None else [limit])],
        )
        claimed = [row[0] for row in cursor.fetchall()]
    if not claimed:
        return []
    return list(
        OutboundEmail.objects.select_related("referral", "enquiry")
        .only(*CLAIMED_FIELDS)
        .filter(pk__in=claimed)
        .order_by("pk")
    )


# The driver's connections (one a session) whose session already reads outbox_to_send as an
# index scan: walk_the_index sets it once a session, not before every claim. Weak, so a closed
# connection is forgotten with its session.
_WALKING = weakref.WeakSet()


def walk_the_index(connection):
    """On PostgreSQL, have this connection's claims read outbox_to_send as an index scan.

    A message's entry in that index stays until the table is vacuumed, after it is sent. An
    index scan marks such entries dead as it passes them, so the next claim skips them; a
    bitmap scan, which the planner picks when it expects few unsent messages, reads them all
    again on every claim. What it buys (`make bench`, commit ce52c9c): 0.03 ms a claim after
    18,000 messages, against 1.3 ms. Nothing else this connection asks is helped by a bitmap
    scan: it looks messages up by id."""
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    session = connection.connection
    if session in _WALKING:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_bitmapscan = off")
    if not connection.in_atomic_block:  # else a rollback may undo it: set it again next time
        _WALKING.add(session)
