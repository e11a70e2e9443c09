"""Sending the outbox's emails, with retries and backoff.

The outbox table is the queue: request code writes OutboundEmail rows in its own transaction
(referrals.outbox.notifications) and nothing else. The worker (Relay, run by `manage.py
task_worker`) claims due rows and sends them; `retry_email`, on a schedule, does the same once
as a backstop. Where OUTBOX_SEND_AT_COMMIT is on (development, tests), they are sent as the
transaction commits instead.
"""

import logging
import queue
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, close_old_connections, connection, connections, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.models import SiteSettings
from referrals.cases.working_days import contact_by_date
from referrals.models import EmailState, OutboundEmail, RecipientRole

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, … failed attempt: about 13 hours in all, so a provider
# outage of hours loses nothing (an hour's outage uses 4 of the 7 attempts).
RETRY_BACKOFF_MINUTES = [1, 5, 30, 120, 240, 360]
MAX_ATTEMPTS = len(RETRY_BACKOFF_MINUTES) + 1
# A message still "sending" this long after it was handed to the provider belongs to a worker
# that stopped mid-send (a provider call ends long before: its timeout).
SENDING_STALE_AFTER = timedelta(minutes=15)
# A message claimed this long ago and not yet handed to the provider belongs to a worker that
# stopped before sending it (a live one hands a claimed message over within a provider call or
# two). Were that worker only slow, it finds the message no longer its own and leaves it.
CLAIM_STALE_AFTER = timedelta(minutes=5)
# Why such messages are given up, or queued again (shown in the outbox; no personal data).
INTERRUPTED = (
    "Interrupted after it was handed to the provider (the worker stopped): it may have been "
    "delivered, so it is not sent again"
)
REQUEUED = "Claimed by a worker that stopped before sending it: queued again"


def describe_error(exc):
    """A short description of a send failure that carries no personal data.

    Provider errors can echo the recipient or the message back, so only the exception's type
    and, where there is one, the HTTP status are kept.
    """
    status = getattr(getattr(exc, "response", None), "status_code", None)
    text = type(exc).__name__
    return f"{text} (HTTP {status})" if status else text


def admin_url(case):
    """The case's page in the triage admin (wagtail-modeladmin's inspect view)."""
    if case is None:
        return f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
    name = f"{case._meta.app_label}_{case._meta.model_name}_modeladmin_inspect"
    return f"{settings.WAGTAILADMIN_BASE_URL}{reverse(name, args=[case.pk])}"


def render_message(message, team=None):
    """Subject, text and HTML of an outbox message, from templates/emails/<kind>.*"""
    case = message.referral or message.enquiry
    team = team or SiteSettings.load()
    received = timezone.localdate(case.received_at) if case else timezone.localdate()
    context = {
        "message": message,
        "case": case,
        "reference": message.reference,
        "team": team,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "admin_url": admin_url(case),
        "received_at": case.received_at if case else message.created_at,
        "contact_by": contact_by_date(received, team.response_working_days),
    }
    subject = render_to_string(f"emails/{message.kind}_subject.txt", context).strip()
    text = render_to_string(f"emails/{message.kind}.txt", context)
    html = render_to_string(f"emails/{message.kind}.html", context)
    return " ".join(subject.split()), text, html


# States a message may be claimed from. RETRYING is kept for rows written before the outbox was
# sent by its own worker (they were waiting for a retry task): they are due like QUEUED ones.
SENDABLE = (EmailState.QUEUED, EmailState.RETRYING, EmailState.FAILED)

# The claim's conditions, in SQL. The states are written in as literals, as the predicate of the
# partial index outbox_to_send names them: as parameters (PostgreSQL binds them on the server),
# a prepared statement's generic plan could not prove it may use that index, and would read
# every message ever sent (tests hold both to SENDABLE).
UNSENT_SQL = "state IN ('queued', 'retrying', 'failed')"
# Due: queued, or failed with its backoff passed (one parameter: now).
DUE_SQL = f"{UNSENT_SQL} AND (state <> 'failed' OR next_attempt_at <= %s)"


def due(now=None):
    """The messages claim() would pick now, as a queryset over the same SQL (for tests)."""
    now = _db_time(now or timezone.now())
    return OutboundEmail.objects.extra(where=[DUE_SQL], params=[now])  # noqa: S610 (no input)


def claim(*, ids=None, limit=None, now=None):
    """Mark messages as being sent by this worker and return them, with their cases: those of
    `ids` not already sent, given up or being sent, or else up to `limit` of those due (queued
    ones, and failed ones whose backoff has passed), oldest first.

    One statement claims them (an UPDATE of the rows a sub-select picks, locked with SKIP
    LOCKED where the database has it, RETURNING their ids), so two workers never hold the same
    message and no lock outlives the statement; a second query reads them with their cases."""
    now = now or timezone.now()
    if ids is None:
        _walk_the_index(connection)
        return _claim(DUE_SQL, [_db_time(now)], limit=limit, now=now)
    if not ids:
        return []
    return _claim(f"{UNSENT_SQL} AND id IN ({', '.join(['%s'] * len(ids))})", list(ids), now=now)


def _db_time(moment):
    return connection.ops.adapt_datetimefield_value(moment)


def claim_sql(where, *, limited):
    """The claim's statement for the messages the SQL condition `where` picks; its parameters:
    the state to set, now, those of `where`, then (if `limited`) how many at most. A claimed
    message has not been handed to the provider yet: no sent_at (see send)."""
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
            [EmailState.SENDING, _db_time(now), *params, *([] if limit is None else [limit])],
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


# What sending needs of a claimed message: all of it, and of its case what the emails show (see
# render_message and templates/emails/); the rest of a case is not read.
CLAIMED_FIELDS = (
    *(field.name for field in OutboundEmail._meta.concrete_fields),
    "referral__kind",
    "referral__received_at",
    "enquiry__received_at",
)


def _walk_the_index(connection):
    """On PostgreSQL, have this connection's claims read outbox_to_send as an index scan.

    A message's entry in that index stays until the table is vacuumed, after it is sent. An
    index scan marks such entries dead as it passes them, so the next claim skips them; a
    bitmap scan, which the planner picks when it expects few unsent messages, reads them all
    again on every claim (1.3 ms a claim after 18,000 messages, against 0.03 ms). Nothing
    else this connection asks is helped by a bitmap scan: it looks messages up by id."""
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    if getattr(connection, "_outbox_index_walked", None) is not connection.connection:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_bitmapscan = off")
        if not connection.in_atomic_block:  # else a rollback may undo it: set it again next time
            connection._outbox_index_walked = connection.connection


def _record(messages, **changes):
    """Write the outcome of sending these messages, for those whose claim is still this
    worker's (not given up as interrupted, nor claimed again, in the meantime)."""
    changes["updated_at"] = timezone.now()
    still_ours = Q()
    for message in messages:
        still_ours |= Q(pk=message.pk, attempts=message.attempts)
    return OutboundEmail.objects.filter(still_ours, state=EmailState.SENDING).update(**changes)


def deliver(message_ids):
    """Send these outbox messages now, in this process, one after another (at commit where
    OUTBOX_SEND_AT_COMMIT is on). Safe to run twice, and beside the worker: only messages this
    call claims are sent (see claim and Relay)."""
    claimed = claim(ids=message_ids)
    if claimed:
        send(claimed, SiteSettings.load())
    return len(claimed)


def send(messages, team):
    """Hand claimed messages to the provider one after another, with no transaction or row lock
    open, and record the outcomes: those sent, each failure with its next attempt (or given
    up).

    The guarantee is at most once, and only a message the provider may have taken is ever in
    doubt. Just before the provider is called for a message it is marked handed over (its
    sent_at, in the same statement that records the message before it as sent: see
    _hand_over), and only while its claim is still this worker's. A worker that stops after
    that (killed, or the database lost just after the provider accepted) leaves it "sending"
    with a sent_at; settle_interrupted then gives it up with INTERRUPTED, visible in the outbox,
    rather than risk sending it twice. Messages it had claimed but not handed over have no
    sent_at: settle_interrupted puts them back in the queue. Every other failure is retried
    with RETRY_BACKOFF_MINUTES."""
    sent = {}  # taken by the provider, not yet recorded
    for message in messages:
        try:
            email = _compose(message, team)
        except Exception as exc:  # recorded and retried, like a provider's failure
            _record_failure(message, exc)
            continue
        still_ours = _hand_over(message, sent)
        sent = {}
        if not still_ours:  # given up, or claimed again after this worker was taken for dead
            continue
        try:
            email.send()
        except Exception as exc:  # any provider failure is recorded and retried
            _record_failure(message, exc)
            continue
        status = getattr(email, "anymail_status", None)
        sent[message] = str(getattr(status, "message_id", None) or "")[:200]
    if sent:
        _record_sent(sent)


def _compose(message, team):
    subject, text, html = render_message(message, team)
    email = EmailMultiAlternatives(subject, text, to=[message.to_address])
    email.attach_alternative(html, "text/html")
    return email


def _hand_over(message, sent):
    """Just before `message` goes to the provider: mark it handed over (sent_at) if its claim
    is still this worker's, and record `sent` (the messages before it in its group that the
    provider took) in the same statement. Returns whether it is still this worker's to send."""
    return message.pk in _write_outcomes(sent, handing=message)


def _record_sent(sent):
    """sent: {message: the provider's id for it, or ""}. Marks those whose claim is still this
    worker's as sent, and clears a member of the public's address (data minimisation: it is
    kept only until sent)."""
    _write_outcomes(sent)


def _write_outcomes(sent, handing=None):
    """One statement: the messages of `sent` ({message: provider id}) recorded as sent, and
    `handing` marked handed to the provider, each only while its claim is still this worker's
    (still "sending", with the attempt it was claimed for). Returns the ids written.

    Written as SQL, not with the ORM: this runs for every message the worker sends, and
    compiling the same update from expressions each time cost more than the statement."""
    rows = [(message.pk, message.attempts, id_, True) for message, id_ in sent.items()]
    if handing is not None:
        rows.append((handing.pk, handing.attempts, "", False))
    table = connection.ops.quote_name(OutboundEmail._meta.db_table)
    done = ", ".join(
        ["(CAST(%s AS bigint), CAST(%s AS integer), CAST(%s AS varchar(200)), CAST(%s AS boolean))"]
        * len(rows)
    )
    now = _db_time(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH done (id, attempts, provider_message_id, sent) AS (VALUES {done}) "  # noqa: S608
            f"UPDATE {table} SET state = CASE WHEN done.sent THEN %s ELSE state END, "
            "sent_at = %s, updated_at = %s, next_attempt_at = NULL, last_error = '', "
            "provider_message_id = done.provider_message_id, "
            "to_address = CASE WHEN done.sent AND recipient_role = %s THEN '' "
            "ELSE to_address END "
            f"FROM done WHERE {table}.id = done.id AND {table}.attempts = done.attempts "
            f"AND state = %s RETURNING {table}.id",
            [
                *(value for row in rows for value in row),
                EmailState.SENT,
                now,
                now,
                RecipientRole.REFERRER,
                EmailState.SENDING,
            ],
        )
        return {row[0] for row in cursor.fetchall()}


def _record_failure(message, exc):
    last_error = describe_error(exc)[:300]
    if message.attempts >= MAX_ATTEMPTS:
        state, next_attempt_at = EmailState.GAVE_UP, None
    else:
        delay = RETRY_BACKOFF_MINUTES[message.attempts - 1]
        state, next_attempt_at = EmailState.FAILED, timezone.now() + timedelta(minutes=delay)
    _record(
        [message],
        state=state,
        next_attempt_at=next_attempt_at,
        last_error=last_error,
        sent_at=None,  # the provider did not take it
    )
    logger.warning(
        "Email id=%s kind=%s attempt %s failed: %s",
        message.pk,
        message.kind,
        message.attempts,
        last_error,
    )


def send_after_commit(message_ids):
    """Where OUTBOX_SEND_AT_COMMIT is on (development and tests, with no worker running), send
    these messages once the caller's transaction commits. Elsewhere the worker (Relay) finds
    them. A failure here leaves them queued for the worker or `retry_email`."""
    if not settings.OUTBOX_SEND_AT_COMMIT:
        return

    def send_now():
        try:
            deliver(message_ids)
        except Exception:  # the rows stay queued; the worker or retry_email sends them
            logger.exception("Could not send email ids=%s at commit", message_ids)

    transaction.on_commit(send_now)


def settle_interrupted(now=None):
    """Settle the messages of workers that stopped between claiming them and recording them
    (see send). One that was handed to the provider (a sent_at), SENDING_STALE_AFTER ago, may
    have been delivered: it is given up, visibly, never sent twice. One that was only claimed,
    CLAIM_STALE_AFTER ago, never reached the provider: it goes back to the queue, to be sent.
    One statement; a worker that records late, or hands over first, wins. Returns how many
    were given up."""
    now = now or timezone.now()
    table = connection.ops.quote_name(OutboundEmail._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET "  # noqa: S608 (no input)
            "state = CASE WHEN sent_at IS NULL THEN %s ELSE %s END, "
            "last_error = CASE WHEN sent_at IS NULL THEN %s ELSE %s END, "
            "next_attempt_at = NULL "
            "WHERE state = %s AND ((sent_at IS NULL AND updated_at <= %s) "
            "OR (sent_at IS NOT NULL AND updated_at <= %s)) RETURNING id, state",
            [
                EmailState.QUEUED,
                EmailState.GAVE_UP,
                REQUEUED,
                INTERRUPTED,
                EmailState.SENDING,
                _db_time(now - CLAIM_STALE_AFTER),
                _db_time(now - SENDING_STALE_AFTER),
            ],
        )
        settled = cursor.fetchall()
    requeued = sorted(id_ for id_, state in settled if state == EmailState.QUEUED)
    given_up = sorted(id_ for id_, state in settled if state == EmailState.GAVE_UP)
    if requeued:
        logger.warning("Email ids=%s were claimed by a worker that stopped: queued again", requeued)
    if given_up:
        logger.warning(
            "Email ids=%s were interrupted after the provider was called: not sent again",
            given_up,
        )
    return len(given_up)


def send_due(now=None):
    """Give up on messages interrupted while sending, then send every message that is due, in
    this process (`retry_email`: the worker does this all the time). Returns how many were
    sent or attempted.

    Each message is claimed just before it is sent (one claimed with others, waiting behind a
    provider that hangs, could otherwise be given up as interrupted before it was tried), and
    tried once: one that fails again waits for its next attempt."""
    settle_interrupted(now)
    team = SiteSettings.load()
    tried = []
    _walk_the_index(connection)
    while True:
        moment = now or timezone.now()
        untried = f" AND id NOT IN ({', '.join(['%s'] * len(tried))})" if tried else ""
        claimed = _claim(DUE_SQL + untried, [_db_time(moment), *tried], limit=1, now=moment)
        if not claimed:
            return len(tried)
        send(claimed, team)
        tried.append(claimed[0].pk)


# How many of one case's messages a sender thread takes together: a new referral's two (the
# team's and the referrer's), sent one after the other and recorded in one statement.
GROUP_SIZE = 2


def _by_case(messages):
    """The messages in groups of up to GROUP_SIZE about the same case, in claim order."""
    cases = {}
    for message in messages:
        case = (message.referral_id, message.enquiry_id)
        if case == (None, None):
            case = message.pk  # about no case: on its own
        cases.setdefault(case, []).append(message)
    return [
        same[start : start + GROUP_SIZE]
        for same in cases.values()
        for start in range(0, len(same), GROUP_SIZE)
    ]


class Relay:
    """The outbox's worker: one thread claims due messages (claim) and `threads` threads send
    them, a case's messages by one thread, so a slow provider is called for up to `threads`
    messages at once.

    Each claim takes up to GROUP_SIZE messages for each free thread. While claims come back
    full (a backlog), it claims again as soon as a thread is free; otherwise it looks every
    `interval` seconds, so messages written in a burst are claimed, and their outcomes
    recorded, together rather than one case at a time. Every SETTLE_EVERY seconds it settles
    the messages of workers that stopped mid-send (settle_interrupted). The team's details
    for the emails are read at most every TEAM_LIFETIME seconds (the same minute as a public
    page's, home.snapshot). With `until_empty` it returns once nothing is due and nothing is
    being sent (tests, `--batch`).
    stop() lets the messages being sent finish."""

    SETTLE_EVERY = 60.0
    TEAM_LIFETIME = 60.0
    # A sender checks its database connection before a case's messages (Django's health check,
    # a round trip) only when it has not used it for this long, or after a failure: in a burst
    # a connection that has just recorded an outcome is not asked again for every case.
    RECHECK_AFTER = 1.0

    def __init__(self, *, threads=12, interval=1.0, until_empty=False):
        self.threads = max(threads, 1)
        self.interval, self.until_empty = interval, until_empty
        self._free = self.threads  # sender threads not sending
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._queue = queue.SimpleQueue()
        self._team, self._team_read_at = None, 0.0
        self._backlog = False  # the last claim took all it could: more may be due
        self._waiting_for_a_thread = False  # the claimer waits for a sender to be free

    def stop(self):
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()

    def run(self):
        senders = [
            threading.Thread(target=self._sender, name=f"outbox-{n}") for n in range(self.threads)
        ]
        for sender in senders:
            sender.start()
        try:
            self._claim_until_stopped()
        finally:
            for _ in senders:
                self._queue.put(None)
            for sender in senders:
                sender.join()
            connections.close_all()

    def _claim_until_stopped(self):
        settled_at = None
        unreadable = False  # the database failed the last claim: said once, until it is back
        while not self._stopping.is_set():
            with self._changed:
                free = self._free
                if free <= 0:  # every thread busy: wait until one is free (see _sender)
                    self._waiting_for_a_thread = True
                    self._changed.wait(self.interval or None)
                    self._waiting_for_a_thread = False
                    continue
            limit = free * GROUP_SIZE  # a case's messages for each free thread
            try:
                if settled_at is None or time.monotonic() - settled_at >= self.SETTLE_EVERY:
                    close_old_connections()
                    settle_interrupted()
                    settled_at = time.monotonic()
                team = self._team_now()
                claimed = claim(limit=limit)
            except DatabaseError as exc:
                # The database went away: the messages wait in it. Ask again in a while.
                if not unreadable:
                    logger.warning(
                        "Outbox unreadable (%s): trying again every %s s",
                        type(exc).__name__,
                        max(self.interval, 1.0),
                    )
                unreadable = True
                connection.close()
                self._stopping.wait(max(self.interval, 1.0))
                continue
            if unreadable:
                logger.info("Outbox readable again")
                unreadable = False
            groups = _by_case(claimed)
            with self._changed:
                self._backlog = len(claimed) == limit  # more may be waiting
                self._free -= len(groups)  # below 0 when messages were not in pairs
            for messages in groups:
                self._queue.put((messages, team))
            with self._changed:
                if self.until_empty and not claimed and self._free == self.threads:
                    return  # nothing was due with every thread free
                if self._backlog and self._free > 0:
                    continue
                if not self._stopping.is_set():
                    # Woken early by stop(), and while there is a backlog when a thread is
                    # free again; else the next look is in `interval` seconds, so messages
                    # written in a burst are claimed together.
                    self._changed.wait(self.interval)

    def _team_now(self):
        if self._team is None or time.monotonic() - self._team_read_at >= self.TEAM_LIFETIME:
            self._team, self._team_read_at = SiteSettings.load(), time.monotonic()
        return self._team

    def _sender(self):
        used_at = None  # when this thread's connection last recorded an outcome
        try:
            while (work := self._queue.get()) is not None:
                messages, team = work
                try:
                    if used_at is None or time.monotonic() - used_at > self.RECHECK_AFTER:
                        close_old_connections()  # health check, CONN_MAX_AGE
                    send(messages, team)
                    used_at = time.monotonic()
                except Exception:  # the database lost mid-record: they stay "sending"
                    used_at = None
                    logger.exception(
                        "Email ids=%s: the outcome could not be recorded", [m.pk for m in messages]
                    )
                finally:
                    with self._changed:
                        self._free += 1
                        if (self._free == 1 and (self._backlog or self._waiting_for_a_thread)) or (
                            self.until_empty and self._free == self.threads
                        ):
                            self._changed.notify_all()
        finally:
            connections.close_all()
