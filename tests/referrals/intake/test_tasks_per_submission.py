"""A submission queues only the work it needs: one task that sends its emails, nothing else.

Wagtail's reference index would queue an update task on every save of a case, its history
entry and each outbox row (5 tasks for a referral where 2 are needed); the worker fell behind.
"""

import pytest
from django.test import override_settings
from django_tasks import default_task_backend

from referrals.models import OutboundEmail
from tests.intake_journey import send_referral

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def queued_tasks():
    return [(result.task.name, result.args) for result in default_task_backend.results]


@override_settings(TASKS=DUMMY)
def test_a_referral_queues_one_task_for_its_emails_and_nothing_else(
    client, refer_url, referral_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_referral(client, refer_url, referral_data)
    assert response.status_code == 302
    ids = sorted(OutboundEmail.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    assert queued_tasks() == [("send_emails", [ids])]


@override_settings(TASKS=DUMMY)
def test_an_enquiry_queues_one_task_for_its_emails_and_nothing_else(
    client, enquiry_url, enquiry_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(enquiry_url, enquiry_data)
    assert response.status_code == 302
    ids = sorted(OutboundEmail.objects.values_list("pk", flat=True))
    assert ids
    assert queued_tasks() == [("send_emails", [ids])] if len(ids) > 1 else [("send_email", ids)]
