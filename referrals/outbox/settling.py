"""Settling the messages of workers that stopped between claiming them and recording them.

A message still "sending" long after it was claimed belongs to a worker that is gone (killed,
or its database lost). If it had been handed to the provider (a sent_at: see
referrals.outbox.sending.send) it may have been delivered: it is given up, visibly, never sent
twice. If it had only been claimed it never reached the provider: it goes back to the queue.
The worker (referrals.outbox.worker.Relay) settles every minute; `retry_email` before it sends.
"""

import logging
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from referrals.models import EmailState, OutboundEmail
from referrals.outbox.claim import db_time

logger = logging.getLogger(__name__)

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


def settle_interrupted(now=None):
    """Settle the messages of workers that stopped between claiming them and recording them.
    One that was handed to the provider (a sent_at), SENDING_STALE_AFTER ago, is given up with
    INTERRUPTED; one that was only claimed, CLAIM_STALE_AFTER ago, is queued again with
    REQUEUED. One statement; a worker that records late, or hands over first, wins. Returns how
    many were given up."""
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
                db_time(now - CLAIM_STALE_AFTER),
                db_time(now - SENDING_STALE_AFTER),
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
