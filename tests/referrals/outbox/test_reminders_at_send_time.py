"""A session reminder is checked against its session when it is due: one for a cancelled, past,
moved-away or undated session, or after the work ended, is cancelled and never sent, even when
it was queued and is due."""

import datetime

import pytest
from django.utils import timezone

from referrals.models import (
    Cycle,
    CycleLocation,
    CycleStatus,
    EmailKind,
    EmailState,
    Intervention,
    SessionKind,
)
from referrals.outbox.sending import deliver, send_due
from tests.factories import ReferralFactory
from tests.referrals.outbox.conftest import queue_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(site_settings):
    family = ReferralFactory(phone="+447700900123")
    intervention = Intervention.objects.create(referral=family)
    return Cycle.objects.create(
        intervention=intervention,
        number=1,
        filmed_on=timezone.localdate() + datetime.timedelta(days=3),
        filming_time=datetime.time(10, 30),
        location=CycleLocation.HOME,
        status=CycleStatus.PLANNED,
    )


def reminder(cycle, session=SessionKind.FILMING):
    return queue_text(
        cycle.intervention.referral,
        kind=EmailKind.SESSION_REMINDER,
        cycle=cycle,
        session=session,
        send_after=timezone.now() - datetime.timedelta(minutes=1),
    )


def test_a_reminder_for_an_upcoming_session_is_sent(cycle, sent_texts):
    message = reminder(cycle)
    deliver([message.pk])
    message.refresh_from_db()
    assert message.state == EmailState.SENT
    assert len(sent_texts) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"status": CycleStatus.CANCELLED},
        {"filmed_on": timezone.localdate() - datetime.timedelta(days=1)},
        {"filmed_on": None},
    ],
    ids=["cancelled", "past", "no-date"],
)
def test_a_reminder_for_a_cancelled_past_or_undated_session_is_cancelled_not_sent(
    cycle, sent_texts, change
):
    message = reminder(cycle)
    Cycle.objects.filter(pk=cycle.pk).update(**change)

    send_due()

    message.refresh_from_db()
    assert message.state == EmailState.CANCELLED
    assert message.last_error.startswith("Not sent")
    assert message.to_phone == ""
    assert sent_texts == []
    assert send_due() == 0  # and it is never claimed again


def test_a_reminder_for_a_session_already_started_today_is_not_sent(cycle, sent_texts):
    now = timezone.localtime()
    Cycle.objects.filter(pk=cycle.pk).update(
        filmed_on=now.date(), filming_time=(now - datetime.timedelta(minutes=5)).time()
    )
    message = reminder(cycle)
    deliver([message.pk])
    message.refresh_from_db()
    assert message.state == EmailState.CANCELLED
    assert sent_texts == []


def test_a_reminder_after_the_work_ended_or_its_cycle_deleted_is_not_sent(cycle, sent_texts):
    ended = reminder(cycle)
    Intervention.objects.filter(pk=cycle.intervention_id).update(ended_on=timezone.localdate())
    deliver([ended.pk])
    ended.refresh_from_db()
    assert ended.state == EmailState.CANCELLED

    gone = reminder(cycle, SessionKind.REVIEW)
    cycle.delete()
    deliver([gone.pk])
    gone.refresh_from_db()
    assert gone.state == EmailState.CANCELLED
    assert sent_texts == []
