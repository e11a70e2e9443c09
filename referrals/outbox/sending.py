"""The send: rendering an outbox message, handing it to the provider, recording the outcome.

The outbox table is the queue: request code writes OutboundEmail rows in its own transaction
(referrals.outbox.notifications) and nothing else. The worker (referrals.outbox.worker.Relay,
run by `manage.py task_worker`) claims due rows (referrals.outbox.claim) and sends them here;
`retry_email`, on a schedule, does the same once as a backstop (send_due). Where
OUTBOX_SEND_AT_COMMIT is on (development, tests), they are sent as the transaction commits
instead (send_after_commit).

A message goes by its channel: an email through Django's email backend (django-anymail), a text
through the configured text provider (referrals.outbox.texts). A session reminder is checked
against its session as the database has it now, and cancelled rather than sent when the session
moved, was cancelled or has passed (referrals.outbox.reminders). A message to the family is
written in the language they used on the site; the team's and officers' stay in English.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from home.models import SiteSettings
from referrals.cases.admin_urls import case_url
from referrals.cases.references import discreet_reference
from referrals.cases.working_days import contact_by_date
from referrals.models import Channel, EmailState, OutboundEmail, RecipientRole
from referrals.outbox.claim import claim, db_time
from referrals.outbox.reminders import why_not_send
from referrals.outbox.settling import settle_interrupted
from referrals.outbox.texts import PermanentTextError, render_text, text_backend, text_reference
from vig_site.admin_path import admin_prefix

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, … failed attempt: about 13 hours in all, so a provider
# outage of hours loses nothing (an hour's outage uses 4 of the 7 attempts).
RETRY_BACKOFF_MINUTES = [1, 5, 30, 120, 240, 360]
MAX_ATTEMPTS = len(RETRY_BACKOFF_MINUTES) + 1


def describe_error(exc):
    """A short description of a send failure that carries no personal data.

    Provider errors can echo the recipient or the message back, so only the exception's type
    and, where there is one, the HTTP status are kept.
    """
    status = getattr(exc, "status", None) or getattr(
        getattr(exc, "response", None), "status_code", None
    )
    text = type(exc).__name__
    return f"{text} (HTTP {status})" if status else text


def admin_url(case):
    """The case's page in the triage admin (wagtail-modeladmin's inspect view)."""
    if case is None:
        return f"{settings.WAGTAILADMIN_BASE_URL}{admin_prefix()}"
    return f"{settings.WAGTAILADMIN_BASE_URL}{case_url(case)}"


def message_context(message, team=None):
    """What an outbox message's templates are given."""
    case = message.referral or message.enquiry
    team = team or SiteSettings.load()
    received = timezone.localdate(case.received_at) if case else timezone.localdate()
    return {
        "message": message,
        "case": case,
        "reference": message.reference,
        # Texts give the reference without the prefix that names the service.
        "discreet_reference": discreet_reference(message.reference),
        "team": team,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        "admin_url": admin_url(case),
        "received_at": case.received_at if case else message.created_at,
        "contact_by": contact_by_date(received, team.response_working_days),
        # A reminder's session (a query, for reminders only).
        "cycle": message.cycle if message.cycle_id else None,
        "session": message.session,
    }


def message_language(message, case):
    """The language a message is written in: to the family (or the professional who referred
    them), the one they used on the site; to the team or an officer, English
    (settings.LANGUAGE_CODE), whatever the language of the request that queued it."""
    if message.recipient_role == RecipientRole.REFERRER and case is not None:
        return case.site_language
    return settings.LANGUAGE_CODE


def render_message(message, team=None):
    """Subject, text and HTML of an outbox message, from templates/emails/<kind>.*, in its
    recipient's language (message_language): its words and its dates."""
    context = message_context(message, team)
    with translation.override(message_language(message, context["case"])):
        context["team"] = context["team"].wording  # the team's words in that language
        subject = render_to_string(f"emails/{message.kind}_subject.txt", context).strip()
        text = render_to_string(f"emails/{message.kind}.txt", context)
        html = render_to_string(f"emails/{message.kind}.html", context)
    return " ".join(subject.split()), text, html


def render_text_message(message, team=None):
    """A text's body, from templates/texts/<kind>.txt, in its recipient's language."""
    context = message_context(message, team)
    with translation.override(message_language(message, context["case"])):
        context["team"] = context["team"].wording
        return render_text(context, message.kind)


def message_summary(message, team=None):
    """One line saying what a message said, as it was sent: an email's subject, or a text's
    whole body (a subject access request shows the person every message about them)."""
    if message.channel == Channel.TEXT:
        return f"Text message: {render_text_message(message, team)}"
    return render_message(message, team)[0]


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
    call claims are sent (see referrals.outbox.claim)."""
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
        not_now = why_not_send(message)
        if not_now:  # a reminder whose session moved, was cancelled or has passed
            _record(  # and the family's address or number goes: it will never be sent
                [message],
                state=EmailState.CANCELLED,
                last_error=not_now,
                next_attempt_at=None,
                to_address="",
                to_phone="",
            )
            continue
        try:
            outgoing = _compose(message, team)
        except Exception as exc:  # recorded and retried, like a provider's failure
            _record_failure(message, exc)
            continue
        still_ours = _hand_over(message, sent)
        sent = {}
        if not still_ours:  # given up, or claimed again after this worker was taken for dead
            continue
        try:
            provider_id = outgoing()
        except Exception as exc:  # any provider failure is recorded and retried
            _record_failure(message, exc)
            continue
        sent[message] = str(provider_id or "")[:200]
    if sent:
        record_sent(sent)


def _compose(message, team):
    """The message, rendered, as a call that hands it to its provider and returns the
    provider's id for it."""
    if message.channel == Channel.TEXT:
        body = render_text_message(message, team)
        backend = text_backend()
        return lambda: backend.send(
            to=message.to_phone, body=body, reference=text_reference(message)
        )
    subject, text, html = render_message(message, team)
    email = EmailMultiAlternatives(subject, text, to=[message.to_address])
    email.attach_alternative(html, "text/html")

    def send_email():
        email.send()
        return getattr(getattr(email, "anymail_status", None), "message_id", None)

    return send_email


def _hand_over(message, sent):
    """Just before `message` goes to the provider: mark it handed over (sent_at) if its claim
    is still this worker's, and record `sent` (the messages before it in its group that the
    provider took) in the same statement. Returns whether it is still this worker's to send."""
    return message.pk in _write_outcomes(sent, handing=message)


def record_sent(sent):
    """sent: {message: the provider's id for it, or ""}. Marks those whose claim is still this
    worker's as sent, and clears a member of the public's address or number (data
    minimisation: it is kept only until sent)."""
    _write_outcomes(sent)


def _write_outcomes(sent, handing=None):
    """One statement: the messages of `sent` ({message: provider id}) recorded as sent, and
    `handing` marked handed to the provider, each only while its claim is still this worker's
    (still "sending", with the attempt it was claimed for). Returns the ids written.

    Written as SQL, not with the ORM: this runs for every message the worker sends, and
    compiling the same update from expressions each time cost more than the statement. One
    statement records a case's messages together (a new referral's two, see worker.GROUP_SIZE)
    where one a message cost about 0.25 ms of worker CPU and 0.4 ms of PostgreSQL more each
    (measured for commit 28ff2ee); the worker's share of a submission in `make bench` is 3.0 of
    its 15.3 ms (docs/benchmarks.md, "The sending")."""
    rows = [(message.pk, message.attempts, id_, True) for message, id_ in sent.items()]
    if handing is not None:
        rows.append((handing.pk, handing.attempts, "", False))
    table = connection.ops.quote_name(OutboundEmail._meta.db_table)
    done = ", ".join(
        ["(CAST(%s AS bigint), CAST(%s AS integer), CAST(%s AS varchar(200)), CAST(%s AS boolean))"]
        * len(rows)
    )
    now = db_time(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH done (id, attempts, provider_message_id, sent) AS (VALUES {done}) "  # noqa: S608
            f"UPDATE {table} SET state = CASE WHEN done.sent THEN %s ELSE state END, "
            "sent_at = %s, updated_at = %s, next_attempt_at = NULL, last_error = '', "
            "provider_message_id = done.provider_message_id, "
            "to_address = CASE WHEN done.sent AND recipient_role = %s THEN '' "
            "ELSE to_address END, "
            "to_phone = CASE WHEN done.sent AND recipient_role = %s THEN '' ELSE to_phone END "
            f"FROM done WHERE {table}.id = done.id AND {table}.attempts = done.attempts "
            f"AND state = %s RETURNING {table}.id",
            [
                *(value for row in rows for value in row),
                EmailState.SENT,
                now,
                now,
                RecipientRole.REFERRER,
                RecipientRole.REFERRER,
                EmailState.SENDING,
            ],
        )
        return {row[0] for row in cursor.fetchall()}


def _record_failure(message, exc):
    last_error = describe_error(exc)[:300]
    if message.attempts >= MAX_ATTEMPTS or isinstance(exc, PermanentTextError):
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
        "Message id=%s channel=%s kind=%s attempt %s failed: %s",
        message.pk,
        message.channel,
        message.kind,
        message.attempts,
        last_error,
    )


def send_after_commit(message_ids):
    """Where OUTBOX_SEND_AT_COMMIT is on (development and tests, with no worker running), send
    these messages once the caller's transaction commits. Elsewhere the worker finds
    them. A failure here leaves them queued for the worker or `retry_email`."""
    if not settings.OUTBOX_SEND_AT_COMMIT:
        return

    def send_now():
        try:
            deliver(message_ids)
        except Exception:  # the rows stay queued; the worker or retry_email sends them
            logger.exception("Could not send email ids=%s at commit", message_ids)

    transaction.on_commit(send_now)


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
    while True:
        moment = now or timezone.now()
        claimed = claim(limit=1, now=moment, skip=tried)
        if not claimed:
            return len(tried)
        send(claimed, team)
        tried.append(claimed[0].pk)
