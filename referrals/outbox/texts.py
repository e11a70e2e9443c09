"""Texts: the one boundary where the worker hands a text message to an SMS provider.

A provider is a small class chosen in settings (TEXT_BACKEND), so a council that uses another SMS
gateway swaps one class. Each has `send(*, to, body, reference)`, returning the provider's id for
the message, and raises TemporaryTextError (the worker tries again with its backoff) or
PermanentTextError (the worker gives up at once: the officer sees it on the case page).

`reference` is the outbox row's opaque id ("vig-<id>"), never personal data: providers keep it
and show it in their own logs and delivery receipts. A text's body is rendered from
templates/texts/<kind>.txt at send time and is never stored.
"""

import logging
import sys
import threading

import requests
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

# The Notify client logs each failed call with Notify's error message, which may quote what it
# was sent: only its errors are let through (ours, without personal data, say what failed).
logging.getLogger("notifications_python_client").setLevel(logging.ERROR)

# The provider's HTTP statuses that no retry can mend: a bad number, a number the service may not
# text (a trial key's), a key that is refused. Anything else (5xx, 429, a timeout, no
# connection) is temporary.
PERMANENT_STATUSES = frozenset({400, 403})


class TextError(Exception):
    """A text the provider did not take. `status` is its HTTP status, if any; the message never
    carries the number or the body (providers echo them back)."""

    def __init__(self, status=None):
        super().__init__(f"HTTP {status}" if status else "no response")
        self.status = status


class TemporaryTextError(TextError):
    """Try again later (with the outbox's backoff)."""


class PermanentTextError(TextError):
    """Never try again: the outbox gives the text up and the officer is told."""


def text_reference(message):
    """The opaque id a provider is given for an outbox message: its row's id, nothing else."""
    return f"vig-{message.pk}"


def render_text(context, kind):
    """A text's one plain body, from templates/texts/<kind>.txt: blank lines kept as paragraph
    breaks, other whitespace collapsed (a template's line breaks are not the text's)."""
    body = render_to_string(f"texts/{kind}.txt", context)
    paragraphs = [" ".join(part.split()) for part in body.strip().split("\n\n")]
    return "\n\n".join(part for part in paragraphs if part)


def text_backend():
    """The configured provider (TEXT_BACKEND), one instance a process."""
    path = settings.TEXT_BACKEND
    with _LOCK:
        if path not in _BACKENDS:
            _BACKENDS[path] = import_string(path)()
        return _BACKENDS[path]


_LOCK = threading.Lock()
_BACKENDS = {}


@receiver(setting_changed)
def _forget_backends(*, setting, **kwargs):
    """A test that changes the provider or its keys gets a new instance."""
    if setting == "TEXT_BACKEND" or setting.startswith("NOTIFY_"):
        with _LOCK:
            _BACKENDS.clear()


class NotifyTextBackend:
    """GOV.UK Notify, with its Python client. One Notify template whose whole content is
    ((body)) (NOTIFY_SMS_TEMPLATE_ID), so the wording stays in templates/texts/ where it is
    reviewed with the code; NOTIFY_SMS_SENDER_ID optionally picks a text sender set up in
    Notify."""

    TIMEOUT = 15  # seconds: a hung provider must not hold a sender thread for the client's 30

    def __init__(self):
        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY, timeout=self.TIMEOUT)
        self.template_id = settings.NOTIFY_SMS_TEMPLATE_ID
        self.sender_id = settings.NOTIFY_SMS_SENDER_ID or None

    def send(self, *, to, body, reference):
        try:
            response = self.client.send_sms_notification(
                phone_number=to,
                template_id=self.template_id,
                personalisation={"body": body},
                reference=reference,
                sms_sender_id=self.sender_id,
            )
        except APIError as exc:  # the client's: any HTTP status, a timeout, no connection
            status = exc.status_code if exc.response is not None else None
            error = PermanentTextError if status in PERMANENT_STATUSES else TemporaryTextError
            raise error(status) from None  # its message may echo the number back
        except requests.RequestException:
            raise TemporaryTextError() from None
        return str(response.get("id", ""))


class ConsoleTextBackend:
    """Development: print each text to the console, as Django's console email backend does. No
    key needed."""

    def __init__(self, stream=None):
        self.stream = stream
        self._lock = threading.Lock()
        self._count = 0

    def send(self, *, to, body, reference):
        with self._lock:
            self._count += 1
            stream = self.stream or sys.stdout
            stream.write(f"Text to: {to}\nReference: {reference}\n\n{body}\n{'-' * 79}\n")
            stream.flush()
            return f"console-{self._count}"


# What the locmem backend sent (tests): like django.core.mail.outbox, a list of dicts with
# "to", "body" and "reference". Tests empty it before each (tests/referrals/outbox/conftest.py).
outbox = []


class LocmemTextBackend:
    """Tests: keep each text in `outbox` (this module's) instead of sending it."""

    def send(self, *, to, body, reference):
        outbox.append({"to": to, "body": body, "reference": reference})
        return f"locmem-{len(outbox)}"
