"""Reminders of a family's filming and shared review sessions, by the family's safe channel.

`sync_reminders` works out the reminders the family should have now and makes the outbox agree.
It is idempotent, and is called after anything that could change the answer: a cycle saved
(booked, moved, cancelled), the work ended, the family's safe contact changed. Erasure and
anonymisation call `cancel_reminders`.

- One reminder per upcoming session (a cycle not cancelled nor missed, its date ahead,
  and its time if one is recorded) and per channel of referrals.cases.safe_contact
  .family_channels: none where neither text nor email is safe.
- Its `send_after` is REMINDER_WORKING_DAYS working days before the session, at REMINDER_HOUR
  UK time. Where that moment has passed but the session is still ahead, it is due at once.
- A pending reminder that no longer matches (the session moved or was cancelled, the channel is
  no longer safe or the address changed, the work ended, the case was anonymised) is cancelled
  (kept, with its address and number cleared); one that matches is kept, never duplicated.
- Subjects and bodies are rendered at send time (templates/texts/session_reminder.txt,
  templates/emails/session_reminder*), from the cycle as it is then: a changed time or place
  on the same day needs no new reminder.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from referrals.cases.safe_contact import family_channels
from referrals.cases.working_days import add_working_days
from referrals.casework.rules import WORK_STATUSES
from referrals.models import (
    Channel,
    EmailKind,
    EmailState,
    OutboundEmail,
    RecipientRole,
    Referral,
    SessionKind,
)
from referrals.models.casework import Cycle, CycleStatus, Intervention
from referrals.outbox.notifications import cancel_unsent, queue_reminders

# The hour (UK time) a reminder is sent, on its working day.
REMINDER_HOUR = time(9, 0)

# States in which a reminder is still waiting to be sent (see referrals.outbox.claim.SENDABLE).
PENDING = (EmailState.QUEUED, EmailState.RETRYING, EmailState.FAILED)


def reminder_working_days():
    """How many working days before a session its reminder goes (REMINDER_WORKING_DAYS)."""
    return max(int(settings.REMINDER_WORKING_DAYS), 0)


@dataclass(frozen=True)
class Session:
    """One session of a cycle: filming or the shared review."""

    cycle: Cycle
    kind: str
    on: object  # a date
    at: object = None  # a time, or None when only the day is known

    def starts(self):
        """When it starts (the start of its day where no time is recorded)."""
        return timezone.make_aware(datetime.combine(self.on, self.at or time.min))

    def is_ahead(self, now):
        if self.at is None:
            return self.on > timezone.localdate(now)
        return self.starts() > now


def sessions_of(cycle):
    """The cycle's sessions that have a date."""
    sessions = []
    if cycle.filmed_on:
        sessions.append(Session(cycle, SessionKind.FILMING, cycle.filmed_on, cycle.filming_time))
    if cycle.reviewed_on:
        sessions.append(Session(cycle, SessionKind.REVIEW, cycle.reviewed_on, cycle.review_time))
    return sessions


def send_after_for(day):
    """When the reminder of a session on `day` is sent: REMINDER_WORKING_DAYS working days
    before it, at REMINDER_HOUR UK time."""
    send_day = add_working_days(day, -reminder_working_days())
    return timezone.make_aware(datetime.combine(send_day, REMINDER_HOUR))


@dataclass(frozen=True)
class Wanted:
    """A reminder the family should have."""

    cycle_id: int
    session: str
    channel: str
    send_after: datetime
    to_address: str = ""
    to_phone: str = ""

    def matches(self, row):
        """Whether an outbox row is this reminder (a pending one also to the same address)."""
        same = (row.cycle_id, row.session, row.channel, row.send_after) == (
            self.cycle_id,
            self.session,
            self.channel,
            self.send_after,
        )
        if not same or row.state not in PENDING:
            return same
        return (row.to_address, row.to_phone) == (self.to_address, self.to_phone)


def in_work(referral):
    return referral.anonymised_at is None and referral.status in WORK_STATUSES


def wanted_reminders(referral, now):
    """The reminders the family should have now."""
    channels = family_channels(referral)
    if not channels or not in_work(referral):
        return []
    if Intervention.objects.filter(referral=referral, ended_on__isnull=False).exists():
        return []
    cycles = Cycle.objects.filter(intervention__referral=referral).exclude(
        status__in=(CycleStatus.CANCELLED, CycleStatus.DID_NOT_ATTEND)
    )
    wanted = []
    for cycle in cycles:
        for session in sessions_of(cycle):
            if not session.is_ahead(now):
                continue
            for channel in channels:
                wanted.append(
                    Wanted(
                        cycle_id=cycle.pk,
                        session=session.kind,
                        channel=channel,
                        send_after=send_after_for(session.on),
                        to_address=referral.email if channel == Channel.EMAIL else "",
                        to_phone=referral.phone if channel == Channel.TEXT else "",
                    )
                )
    return wanted


def reminders_of(case):
    """Every reminder ever written for the case (a queryset)."""
    return OutboundEmail.objects.filter(**case.link(), kind=EmailKind.SESSION_REMINDER)


@transaction.atomic
def sync_reminders(*, referral, now=None):
    """Make the outbox's reminders for `referral` agree with its sessions and safe contact now.

    Returns (queued, cancelled): the rows written and how many pending ones were cancelled."""
    now = now or timezone.now()
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    wanted = wanted_reminders(referral, now)
    existing = list(reminders_of(referral).exclude(state=EmailState.CANCELLED))
    kept, missing = set(), []
    for reminder in wanted:
        match = next((row for row in existing if reminder.matches(row)), None)
        if match is None:
            missing.append(reminder)
        else:
            kept.add(match.pk)
    stale = [row.pk for row in existing if row.pk not in kept and row.state in PENDING]
    cancelled = cancel_unsent(OutboundEmail.objects.filter(pk__in=stale)) if stale else 0
    rows = [
        OutboundEmail(
            kind=EmailKind.SESSION_REMINDER,
            recipient_role=RecipientRole.REFERRER,
            channel=reminder.channel,
            to_address=reminder.to_address,
            to_phone=reminder.to_phone,
            reference=referral.reference,
            **referral.link(),
            cycle_id=reminder.cycle_id,
            session=reminder.session,
            send_after=reminder.send_after,
            state=EmailState.QUEUED,
        )
        for reminder in missing
    ]
    queued = queue_reminders(rows, now=now) if rows else []
    return queued, cancelled


def cancel_reminders(*, case):
    """Cancel every reminder of `case` still waiting to be sent (erasure, anonymisation).
    Returns how many. Runs in the caller's transaction."""
    return cancel_unsent(reminders_of(case))


def _moment(value):
    return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"


def state_text(row, now):
    """What the case page says of a reminder: queued for when, sent, cancelled, or not sent."""
    if row.state == EmailState.CANCELLED:
        return "Cancelled (not sent)"
    if row.state == EmailState.GAVE_UP:
        return "Could not be sent"
    if row.state == EmailState.SENT:
        sent = f"Sent {_moment(row.sent_at)}" if row.sent_at else "Sent"
        return f"{sent}. {row.get_delivery_display()}" if row.delivery else sent
    if row.state == EmailState.SENDING:
        return "Being sent"
    if row.state == EmailState.FAILED:
        return "Not sent yet: the provider failed, it will be tried again"
    if row.send_after and row.send_after > now:
        return f"Queued for {_moment(row.send_after)}"
    return "Queued to send now"


def reminder_states(referral, now=None):
    """Every reminder written for the family's sessions, for the case page, by cycle and
    session: [{cycle, session, channel, state, pending}]."""
    now = now or timezone.now()
    rows = (
        reminders_of(referral)
        .select_related("cycle")
        .order_by("cycle__number", "session", "created_at", "id")
    )
    return [
        {
            "cycle": row.cycle.number if row.cycle else None,
            "session": row.get_session_display(),
            "channel": row.get_channel_display(),
            "state": state_text(row, now),
            "pending": row.state in PENDING,
        }
        for row in rows
    ]


__all__ = [
    "cancel_reminders",
    "reminder_states",
    "reminders_of",
    "send_after_for",
    "sync_reminders",
]
