"""A submission queues only the work it needs: one send task per email, nothing else.

Wagtail's reference index would queue an update task on every save of a case, its history
entry and each outbox row (5 tasks for a referral where 2 are needed); the worker fell behind.
"""

import pytest
from django.test import override_settings
from django_tasks import default_task_backend

from referrals.models import OutboundEmail

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def queued_task_names():
    return [result.task.name for result in default_task_backend.results]


@override_settings(TASKS=DUMMY)
def test_a_referral_queues_one_send_per_email_and_nothing_else(
    client, refer_url, referral_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(refer_url, referral_data)
    assert response.status_code == 302
    names = queued_task_names()
    assert OutboundEmail.objects.count() == 2
    assert names == ["send_email", "send_email"], names


@override_settings(TASKS=DUMMY)
def test_an_enquiry_queues_one_send_per_email_and_nothing_else(
    client, enquiry_url, enquiry_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(enquiry_url, enquiry_data)
    assert response.status_code == 302
    assert queued_task_names() == ["send_email"] * OutboundEmail.objects.count()
