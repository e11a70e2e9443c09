"""'Forgotten password?' tells nobody whether an address has an account: known and unknown
addresses take the same path (a task is queued), and the email is sent by the worker."""

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import default_task_backend

from referrals.roles import TRIAGE_OFFICERS
from referrals.staff_accounts import send_password_reset
from tests.referrals.triage.conftest import make_user

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def ask_for_reset(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("wagtailadmin_password_reset"), {"email": email})
    return response, [q["sql"] for q in queries.captured_queries]


@override_settings(TASKS=DUMMY)
def test_known_and_unknown_addresses_take_the_same_path(client):
    make_user("reset-me", TRIAGE_OFFICERS)
    known, known_sql = ask_for_reset(client, "reset-me@example.invalid")
    unknown, unknown_sql = ask_for_reset(client, "nobody@example.invalid")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Neither request looks the address up or sends anything; each queues one task.
    for sql in (known_sql, unknown_sql):
        assert not [q for q in sql if "auth_user" in q]
    assert mail.outbox == []
    queued = [(r.task.name, r.args) for r in default_task_backend.results]
    assert queued == [
        ("send_password_reset", ["reset-me@example.invalid"]),
        ("send_password_reset", ["nobody@example.invalid"]),
    ]


def test_the_worker_sends_the_link_to_a_known_address_only():
    user = make_user("reset-me", TRIAGE_OFFICERS)
    send_password_reset.call("nobody@example.invalid")
    assert mail.outbox == []
    send_password_reset.call("reset-me@example.invalid")
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "/admin/password_reset/confirm/" in message.body
