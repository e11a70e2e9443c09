"""Background work: sending the outbox's emails, with retries and backoff."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from home.models import SiteSettings

from .models import EmailState, OutboundEmail, RecipientRole
from .working_days import contact_by_date

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, … failed attempt: about 13 hours in all.
RETRY_BACKOFF_MINUTES = [1, 5, 30, 120, 240, 360]
MAX_ATTEMPTS = len(RETRY_BACKOFF_MINUTES) + 1


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


def render_message(message):
    """Subject, text and HTML of an outbox message, from templates/emails/<kind>.*"""
    case = message.referral or message.enquiry
    team = SiteSettings.load()
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


@task()
def send_email(message_id):
    """Send one outbox message. Safe to run twice: a sent message is never sent again."""
    with transaction.atomic():
        message = OutboundEmail.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state in (EmailState.SENT, EmailState.GAVE_UP):
            return
        message.attempts += 1
        try:
            subject, text, html = render_message(message)
            email = EmailMultiAlternatives(subject, text, to=[message.to_address])
            email.attach_alternative(html, "text/html")
            email.send()
        except Exception as exc:  # any provider failure is recorded and retried
            message.last_error = describe_error(exc)[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.state = EmailState.GAVE_UP
                message.next_attempt_at = None
            else:
                message.state = EmailState.FAILED
                delay = RETRY_BACKOFF_MINUTES[message.attempts - 1]
                message.next_attempt_at = timezone.now() + timedelta(minutes=delay)
            message.save()
            if message.next_attempt_at and send_email.get_backend().supports_defer:
                # The database backend runs it again after the backoff by itself; with other
                # backends the retry_email command (run on a schedule) re-queues it.
                retry_at, message_id = message.next_attempt_at, message.pk
                transaction.on_commit(lambda: enqueue_send(message_id, run_after=retry_at))
            logger.warning(
                "Email id=%s kind=%s attempt %s failed: %s",
                message.pk,
                message.kind,
                message.attempts,
                message.last_error,
            )
            return
        message.state = EmailState.SENT
        message.sent_at = timezone.now()
        message.next_attempt_at = None
        message.last_error = ""
        status = getattr(email, "anymail_status", None)
        message.provider_message_id = str(getattr(status, "message_id", None) or "")[:200]
        if message.recipient_role == RecipientRole.REFERRER:
            # Data minimisation: a member of the public's address is kept only until sent.
            message.to_address = ""
        message.save()


def enqueue_send(message_id, *, run_after=None):
    """Hand one message to the task backend. A backend failure leaves it queued for retry."""
    task = send_email.using(run_after=run_after) if run_after else send_email
    try:
        task.enqueue(message_id)
    except Exception:  # the row stays queued; retry_email re-queues it
        logger.exception("Could not enqueue email id=%s", message_id)


def due_for_retry(now=None, stale_after=timedelta(minutes=15)):
    """Failed messages whose backoff has passed, and queued ones the worker never picked up."""
    now = now or timezone.now()
    # Where the task backend retries a failed message by itself (it supports deferred tasks),
    # step in only when that retry is overdue, so one failure never costs two attempts.
    failed_due = now - stale_after if send_email.get_backend().supports_defer else now
    return OutboundEmail.objects.filter(
        Q(state=EmailState.FAILED, next_attempt_at__lte=failed_due)
        | Q(state__in=[EmailState.QUEUED, EmailState.RETRYING], updated_at__lte=now - stale_after)
    )


def retry_due_emails(now=None):
    """Re-queue every message that is due. Returns how many were re-queued."""
    ids = list(due_for_retry(now).values_list("pk", flat=True))
    OutboundEmail.objects.filter(pk__in=ids).update(state=EmailState.RETRYING)
    for message_id in ids:
        enqueue_send(message_id)
    return len(ids)
