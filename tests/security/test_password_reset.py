"""'Forgotten password?' tells nobody whether an address has an account, keeps no typed address,
and is throttled like sign-in (issue 20, item 12).

Known and unknown addresses take the same path: the request finds the address's accounts with
the same query either way and queues one task carrying only their ids (none for an unknown
address); the worker sends the email. The address is counted by the sign-in throttle, per
client and per address, whether or not it has an account.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from referrals.staff.accounts import send_password_reset
from referrals.staff.roles import TRIAGE_OFFICERS
from tests.factories import make_user

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
KNOWN = "reset-me@example.invalid"
UNKNOWN = "nobody@example.invalid"


@pytest.fixture
def throttle(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6


def ask_for_reset(client, email, address="203.0.113.7"):
    return client.post(
        reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=address
    )


def queries_for(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = ask_for_reset(client, email)
    return response, [q["sql"].replace(email, "<address>") for q in queries.captured_queries]


def throttled(response):
    return response.status_code == 429 and "login_throttled.html" in [
        t.name for t in response.templates
    ]


@override_settings(TASKS=DUMMY)
def test_known_and_unknown_addresses_take_the_same_path():
    user = make_user("reset-me", TRIAGE_OFFICERS)
    known, known_sql = queries_for(Client(), KNOWN)
    unknown, unknown_sql = queries_for(Client(), UNKNOWN)

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The same statements, the address only a value in them; nothing sent in the request.
    assert known_sql == unknown_sql
    assert mail.outbox == []
    # One task each, carrying account ids only.
    queued = [(r.task.name, r.args) for r in default_task_backend.results]
    assert queued == [("send_password_reset", [[user.pk]]), ("send_password_reset", [[]])]


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_task_table_never_holds_a_typed_address():
    make_user("reset-me", TRIAGE_OFFICERS)
    for email in (KNOWN, UNKNOWN, "Reset-Me@Example.invalid"):
        assert ask_for_reset(Client(), email).status_code == 302
    stored = [json.dumps(row) for row in DBTaskResult.objects.values_list("args_kwargs", flat=True)]
    assert len(stored) == 3
    assert not [row for row in stored if "@" in row or "example" in row.lower()]


def test_the_worker_sends_the_link_to_the_accounts_found_only():
    user = make_user("reset-me", TRIAGE_OFFICERS)
    send_password_reset.call([])
    assert mail.outbox == []
    send_password_reset.call([user.pk])
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "/admin/password_reset/confirm/" in message.body


def test_an_account_deactivated_before_the_worker_runs_gets_nothing():
    user = make_user("reset-me", TRIAGE_OFFICERS)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    send_password_reset.call([user.pk])
    assert mail.outbox == []


def test_a_new_accounts_owner_gets_the_link_to_choose_their_first_password():
    """A Manager's new account has no password (referrals.staff.accounts): its owner sets one
    through 'Forgotten password?'."""
    user = make_user("newbie", TRIAGE_OFFICERS)
    user.set_unusable_password()
    user.save()
    assert ask_for_reset(Client(), user.email).status_code == 302
    [message] = mail.outbox
    assert message.to == [user.email]


@pytest.mark.parametrize("email", [KNOWN, UNKNOWN])
def test_one_address_is_paused_after_a_few_requests_whether_or_not_it_has_an_account(
    throttle, email
):
    make_user("reset-me", TRIAGE_OFFICERS)
    for n in range(3):
        assert ask_for_reset(Client(), email, address=f"198.51.100.{n}").status_code == 302
    mail.outbox.clear()
    # From any client: the fourth request for the address waits, and nothing is sent.
    response = ask_for_reset(Client(), email, address="198.51.100.99")
    assert throttled(response)
    assert response["Retry-After"]
    assert mail.outbox == []
    # Another address is not held up by it.
    assert ask_for_reset(Client(), "someone-else@example.invalid").status_code == 302


def test_one_client_is_paused_after_many_addresses(throttle):
    for n in range(6):
        assert ask_for_reset(Client(), f"guess{n}@example.invalid").status_code == 302
    assert throttled(ask_for_reset(Client(), "guess-more@example.invalid"))
    # Another client is not.
    other = ask_for_reset(Client(), "guess-more@example.invalid", address="192.0.2.50")
    assert other.status_code == 302


def test_requests_and_failed_sign_ins_share_one_throttle_per_client(throttle):
    """One throttle on every path that guesses at accounts: the client's count is shared."""
    make_user("officer-t", TRIAGE_OFFICERS)
    client = Client()
    for n in range(6):
        client.post(
            "/admin/login/",
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
        )
    assert throttled(ask_for_reset(client, UNKNOWN))
