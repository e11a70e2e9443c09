"""A submission queues no task for its emails: it writes its outbox rows, and the outbox is the
worker's queue (referrals.outbox.sending). Nor does it queue anything else.

Wagtail's reference index would queue an update task on every save of a case, its history
entry and each outbox row (5 tasks for a referral where none is needed); the worker fell behind.
"""

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks import default_task_backend

from referrals.models import EmailState, OutboundEmail
from referrals.outbox.sending import send_due
from tests.intake_journey import send_referral

from .conftest import TEAM_EMAIL

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def queued_tasks():
    return [(result.task.name, result.args) for result in default_task_backend.results]


def outbox_states():
    return sorted(OutboundEmail.objects.values_list("recipient_role", "state"))


@override_settings(TASKS=DUMMY)
def test_a_referral_queues_no_task_and_its_emails_go_as_it_commits(
    client, refer_url, referral_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302
    assert queued_tasks() == []
    # Where OUTBOX_SEND_AT_COMMIT is on (development, tests) they are sent at commit.
    assert outbox_states() == [("referrer", EmailState.SENT), ("team", EmailState.SENT)]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([TEAM_EMAIL, referral_data["email"]])


@override_settings(TASKS=DUMMY, OUTBOX_SEND_AT_COMMIT=False)
def test_in_production_a_referral_only_writes_its_outbox_rows_for_the_worker(
    client, refer_url, referral_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302
    assert queued_tasks() == []
    assert outbox_states() == [("referrer", EmailState.QUEUED), ("team", EmailState.QUEUED)]
    assert mail.outbox == []

    # The worker's claim-and-send (run here in the test's own transaction) finds them.
    assert send_due() == 2
    assert outbox_states() == [("referrer", EmailState.SENT), ("team", EmailState.SENT)]
    assert len(mail.outbox) == 2
    assert queued_tasks() == []


@override_settings(TASKS=DUMMY, OUTBOX_SEND_AT_COMMIT=False)
def test_an_enquiry_queues_no_task_and_only_writes_its_outbox_rows(
    client, enquiry_url, enquiry_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(enquiry_url, enquiry_data)
    assert response.status_code == 302
    assert queued_tasks() == []
    assert outbox_states() == [("referrer", EmailState.QUEUED), ("team", EmailState.QUEUED)]
    assert mail.outbox == []
