"""Whether a session reminder may still be sent: read at send time, whatever the queue says.

A reminder is queued days before its session (referrals.casework). By the time it is due the
session may have moved, been cancelled or already happened, or the work ended: such a reminder is
cancelled, never sent. Each rule below names why (shown in the outbox; no personal data).
"""

import datetime

from django.utils import timezone

from referrals.models import Cycle, CycleStatus, EmailKind, SessionKind

GONE = "Not sent: the cycle it was for no longer exists"
CANCELLED = "Not sent: the cycle was cancelled"
WORK_ENDED = "Not sent: the work with the family has ended"
NO_DATE = "Not sent: the session has no date"
PAST = "Not sent: the session has already started or passed"


def _session_start(cycle, session):
    """When the session starts (its date at its time, or the start of its date), or None."""
    if session == SessionKind.REVIEW:
        day, time = cycle.reviewed_on, cycle.review_time
    else:
        day, time = cycle.filmed_on, cycle.filming_time
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time.min))


def _gone(cycle, session, now):
    return cycle is None and GONE


def _cancelled(cycle, session, now):
    return cycle.status in (CycleStatus.CANCELLED, CycleStatus.DID_NOT_ATTEND) and CANCELLED


def _work_ended(cycle, session, now):
    return cycle.intervention.ended_on is not None and WORK_ENDED


def _no_date(cycle, session, now):
    return _session_start(cycle, session) is None and NO_DATE


def _past(cycle, session, now):
    return _session_start(cycle, session) <= now and PAST


# In order: each may assume those before it passed.
RULES = (_gone, _cancelled, _work_ended, _no_date, _past)


def why_not_send(message, now=None):
    """Why this outbox message must not be sent now ("" if it may): only reminders are checked,
    against their cycle as it is in the database now."""
    if message.kind != EmailKind.SESSION_REMINDER:
        return ""
    now = now or timezone.now()
    cycle = (
        Cycle.objects.select_related("intervention").filter(pk=message.cycle_id).first()
        if message.cycle_id
        else None
    )
    for rule in RULES:
        reason = rule(cycle, message.session, now)
        if reason:
            return reason
    return ""
