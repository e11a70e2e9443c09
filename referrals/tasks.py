"""Background work: sending the outbox's emails, with retries and backoff."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from home.models import SiteSettings

from .models import EmailState, OutboundEmail, RecipientRole
from .working_days import contact_by_date

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, … failed attempt: about 13 hours in all, so a provider
# outage of hours loses nothing (an hour's outage uses 4 of the 7 attempts).
RETRY_BACKOFF_MINUTES = [1, 5, 30, 120, 240, 360]
MAX_ATTEMPTS = len(RETRY_BACKOFF_MINUTES) + 1
# A message still "sending" after this was claimed by a worker that stopped mid-send.
SENDING_STALE_AFTER = timedelta(minutes=15)
# Why such a message is not sent again (shown in the outbox; no personal data).
INTERRUPTED = (
    "Interrupted while sending (the worker stopped): it may have been delivered, "
    "so it is not sent again"
)


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


def _claim(message_ids):
    """Mark these messages as being sent, in one short transaction of its own, and return the
    ones this worker now holds: not those already sent or given up, nor those another worker
    is sending or was sending when it stopped. The row locks are held only while the claim is
    made."""
    with transaction.atomic():
        found = (
            OutboundEmail.objects.select_for_update(of=("self",))
            .select_related("referral", "enquiry")
            .filter(pk__in=message_ids)
            .order_by("pk")
        )
        claimed = [
            message
            for message in found
            if message.state not in (EmailState.SENT, EmailState.GAVE_UP, EmailState.SENDING)
        ]
        now = timezone.now()
        for message in claimed:
            message.attempts += 1
            message.state = EmailState.SENDING
            message.updated_at = now
        # One plain UPDATE (bulk_update's CASE per row cost more than the sending's own work).
        OutboundEmail.objects.filter(pk__in=[message.pk for message in claimed]).update(
            attempts=F("attempts") + 1, state=EmailState.SENDING, updated_at=now
        )
        return claimed


def _record(message, **changes):
    """Write the outcome of a send, unless the claim was lost in the meantime."""
    changes["updated_at"] = timezone.now()
    return OutboundEmail.objects.filter(
        pk=message.pk, state=EmailState.SENDING, attempts=message.attempts
    ).update(**changes)


@task()
def send_email(message_id):
    """Send one outbox message (see deliver)."""
    deliver([message_id])


@task()
def send_emails(message_ids):
    """Send several outbox messages written together (a new referral's), one after another."""
    deliver(message_ids)


def deliver(message_ids):
    """Send outbox messages. Safe to run twice, and from several workers at once: messages are
    claimed (state "sending") in a short transaction, sent with no transaction or row lock
    open, then each marked sent or failed, so two workers never send the same message.

    The guarantee is at most once: a message is handed to the provider only by the worker that
    claimed it. A worker that stops between the claim and recording the outcome (killed, or the
    database lost just after the provider accepted) leaves it "sending"; retry_due_emails then
    marks it given up with INTERRUPTED, visible in the outbox, rather than risk sending it
    twice. Every other failure is retried with RETRY_BACKOFF_MINUTES."""
    claimed = _claim(message_ids)
    team = SiteSettings.load() if claimed else None
    for message in claimed:
        _send(message, team)


def _send(message, team):
    try:
        subject, text, html = render_message(message, team)
        email = EmailMultiAlternatives(subject, text, to=[message.to_address])
        email.attach_alternative(html, "text/html")
        email.send()
    except Exception as exc:  # any provider failure is recorded and retried
        _record_failure(message, exc)
        return
    status = getattr(email, "anymail_status", None)
    _record(
        message,
        state=EmailState.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
        provider_message_id=str(getattr(status, "message_id", None) or "")[:200],
        # Data minimisation: a member of the public's address is kept only until sent.
        **({"to_address": ""} if message.recipient_role == RecipientRole.REFERRER else {}),
    )


def _record_failure(message, exc):
    last_error = describe_error(exc)[:300]
    if message.attempts >= MAX_ATTEMPTS:
        state, next_attempt_at = EmailState.GAVE_UP, None
    else:
        delay = RETRY_BACKOFF_MINUTES[message.attempts - 1]
        state, next_attempt_at = EmailState.FAILED, timezone.now() + timedelta(minutes=delay)
    _record(message, state=state, next_attempt_at=next_attempt_at, last_error=last_error)
    if next_attempt_at and send_email.get_backend().supports_defer:
        # The database backend runs it again after the backoff by itself; with other
        # backends the retry_email command (run on a schedule) re-queues it.
        enqueue_send(message.pk, run_after=next_attempt_at)
    logger.warning(
        "Email id=%s kind=%s attempt %s failed: %s",
        message.pk,
        message.kind,
        message.attempts,
        last_error,
    )


def enqueue_send(*message_ids, run_after=None):
    """Hand messages to the task backend: one task for them all. A backend failure leaves them
    queued for retry_email."""
    task = send_email if len(message_ids) == 1 else send_emails
    if run_after:
        task = task.using(run_after=run_after)
    try:
        task.enqueue(message_ids[0] if len(message_ids) == 1 else list(message_ids))
    except Exception:  # the rows stay queued; retry_email re-queues them
        logger.exception("Could not enqueue email ids=%s", message_ids)


def due_for_retry(now=None, stale_after=timedelta(minutes=15)):
    """Failed messages whose backoff has passed, and queued ones the worker never picked up.
    (Never one left "sending": see deliver.)"""
    now = now or timezone.now()
    # Where the task backend retries a failed message by itself (it supports deferred tasks),
    # step in only when that retry is overdue, so one failure never costs two attempts.
    failed_due = now - stale_after if send_email.get_backend().supports_defer else now
    return OutboundEmail.objects.filter(
        Q(state=EmailState.FAILED, next_attempt_at__lte=failed_due)
        | Q(
            state__in=[EmailState.QUEUED, EmailState.RETRYING],
            updated_at__lte=now - stale_after,
        )
    )


def settle_interrupted(now=None):
    """Give up, visibly, on messages a worker stopped in the middle of sending (see deliver).
    Returns how many."""
    now = now or timezone.now()
    ids = list(
        OutboundEmail.objects.filter(
            state=EmailState.SENDING, updated_at__lte=now - SENDING_STALE_AFTER
        ).values_list("pk", flat=True)
    )
    if ids:
        # Only rows still "sending" and still old: a worker that records late wins.
        OutboundEmail.objects.filter(
            pk__in=ids, state=EmailState.SENDING, updated_at__lte=now - SENDING_STALE_AFTER
        ).update(state=EmailState.GAVE_UP, next_attempt_at=None, last_error=INTERRUPTED)
        logger.warning("Email ids=%s were interrupted while sending: not sent again", ids)
    return len(ids)


def retry_due_emails(now=None):
    """Re-queue every message that is due, and give up on those interrupted while sending.
    Returns how many were re-queued."""
    settle_interrupted(now)
    with transaction.atomic():
        # Rows a worker is writing to right now are skipped, never turned back to "retrying".
        due = due_for_retry(now).select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True))
        OutboundEmail.objects.filter(pk__in=ids).update(state=EmailState.RETRYING)
    for message_id in ids:
        enqueue_send(message_id)
    return len(ids)
