"""The worker (`manage.py task_worker`): one thread claims due messages, a pool of threads sends
them, and stale claims of stopped workers are settled every minute."""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import DatabaseError, close_old_connections, connection, connections

from home.models import SiteSettings
from referrals.outbox.claim import claim
from referrals.outbox.sending import send
from referrals.outbox.settling import settle_interrupted

logger = logging.getLogger(__name__)

# How many of one case's messages a sender thread takes together: a new referral's two (the
# team's and the referrer's), sent one after the other and recorded in one statement (see
# sending._write_outcomes for what that saves).
GROUP_SIZE = 2


def by_case(messages):
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
    """The outbox's worker: one thread claims due messages (claim) and a pool of `threads`
    threads sends them, a case's messages by one thread, so a slow provider is called for up to
    `threads` messages at once. No message is ever held by two threads: each is claimed once,
    by one statement, and handed to one thread with its case.

    Each claim takes up to GROUP_SIZE messages for each free thread, and none while every
    thread is busy. While claims come back full (a backlog), it claims again as soon as a
    thread is free; otherwise it looks every `interval` seconds, so messages written in a burst
    are claimed, and their outcomes recorded, together rather than one case at a time. Every
    SETTLE_EVERY seconds it settles the messages of workers that stopped mid-send
    (settle_interrupted). The team's details for the emails are read at most every
    TEAM_LIFETIME seconds (the same minute as a public page's, home.snapshot). With
    `until_empty` it returns once nothing is due and nothing is being sent (tests, `--batch`).
    stop() lets the messages being sent, and those already claimed, finish."""

    SETTLE_EVERY = 60.0
    # The team's details are read once a minute rather than before every claim: one query less
    # a claim (a statement costs the worker about 0.25 ms of CPU and PostgreSQL 0.4 ms, measured
    # for commit 28ff2ee); `make bench` has no figure of its own for it.
    TEAM_LIFETIME = 60.0
    # A sender checks its database connection before a case's messages (Django's health check,
    # a round trip) only when it has not used it for this long, or after a failure: in a burst
    # a connection that has just recorded an outcome is not asked again for every case. What it
    # buys: one "SELECT 1" round trip less a case in a burst (about 0.25 ms of worker CPU and
    # 0.4 ms of PostgreSQL a statement, measured for commit 28ff2ee), one of the changes that
    # took the sending from 1.67x to 1.26x the stock POST (docs/benchmarks.md).
    RECHECK_AFTER = 1.0

    def __init__(self, *, threads=12, interval=1.0, until_empty=False):
        self.threads = max(threads, 1)
        self.interval, self.until_empty = interval, until_empty
        self._free = self.threads  # sender threads not sending
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._team, self._team_read_at = None, 0.0
        self._backlog = False  # the last claim took all it could: more may be due
        self._waiting_for_a_thread = False  # the claimer waits for a sender to be free
        self._sender = threading.local()  # each sender thread's used_at
        self._sender_connections = []  # each sender thread's, closed once the pool has stopped

    def stop(self):
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()

    def run(self):
        senders = ThreadPoolExecutor(
            max_workers=self.threads,
            thread_name_prefix="outbox",
            initializer=self._share_connections,
        )
        try:
            self._claim_until_stopped(senders)
        finally:
            # Waits for every group handed to the pool: those being sent and those claimed but
            # not started yet, so no claim of this worker's is left "sending".
            senders.shutdown(wait=True)
            self._close_sender_connections()
            connections.close_all()

    def _share_connections(self):
        """In each new sender thread: let the thread that runs the relay close this thread's
        database connections once the pool has stopped. Django lets only a connection's own
        thread close it unless it is shared, and the pool has no hook as its threads end."""
        for each in connections.all():
            each.inc_thread_sharing()
            with self._changed:
                self._sender_connections.append(each)

    def _close_sender_connections(self):
        with self._changed:
            lent, self._sender_connections = self._sender_connections, []
        for each in lent:
            each.close()
            each.dec_thread_sharing()

    def _claim_until_stopped(self, senders):
        settled_at = None
        unreadable = False  # the database failed the last claim: said once, until it is back
        while not self._stopping.is_set():
            with self._changed:
                free = self._free
                if free <= 0:  # every thread busy: wait until one is free (see _send_group)
                    self._waiting_for_a_thread = True
                    self._changed.wait(self.interval or None)
                    self._waiting_for_a_thread = False
                    continue
            # A case's messages for each free thread: a referral's pair is claimed together and
            # its outcome recorded in one statement (see GROUP_SIZE).
            limit = free * GROUP_SIZE
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
            groups = by_case(claimed)
            with self._changed:
                self._backlog = len(claimed) == limit  # more may be waiting
                self._free -= len(groups)  # below 0 when messages were not in pairs
            for messages in groups:
                senders.submit(self._send_group, messages, team)
            with self._changed:
                if self.until_empty and not claimed and self._free == self.threads:
                    return  # nothing was due with every thread free
                if self._backlog and self._free > 0:
                    # A backlog: claim again at once for the free threads. Waiting for half of
                    # them instead cut the 2 s provider's throughput in `make bench` from 5.3
                    # to 4.8 emails a second (commit bd0d7de).
                    continue
                if not self._stopping.is_set():
                    # Woken early by stop(), and while there is a backlog when a thread is
                    # free again; else the next look is in `interval` seconds, so messages
                    # written in a burst are claimed, and recorded, together (commit 3c613c2).
                    self._changed.wait(self.interval)

    def _team_now(self):
        if self._team is None or time.monotonic() - self._team_read_at >= self.TEAM_LIFETIME:
            self._team, self._team_read_at = SiteSettings.load(), time.monotonic()
        return self._team

    def _send_group(self, messages, team):
        """In a sender thread: send one case's claimed messages, then free the thread."""
        used_at = getattr(self._sender, "used_at", None)  # this thread's last recorded outcome
        try:
            if used_at is None or time.monotonic() - used_at > self.RECHECK_AFTER:
                close_old_connections()  # health check, CONN_MAX_AGE
            send(messages, team)
            self._sender.used_at = time.monotonic()
        except Exception:  # the database lost mid-record: they stay "sending"
            self._sender.used_at = None
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
