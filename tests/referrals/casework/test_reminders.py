"""A family is reminded of each filming and shared review session by its safe channel,
REMINDER_WORKING_DAYS working days before, and never of a session that moved, was cancelled or
has passed, nor once the work has ended or the case was erased."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from referrals.casework import services as casework
from referrals.casework.reminders import cancel_reminders, sync_reminders
from referrals.models import (
    Channel,
    CycleLocation,
    CycleStatus,
    EmailKind,
    EmailState,
    OutboundEmail,
    Outcome,
    ReferralStatus,
    SessionKind,
)
from referrals.outbox.sending import send_due
from referrals.privacy.erasure import erase_whole_case
from referrals.triage import services as triage
from tests.factories import ReferralFactory, record_consent

# Wednesday 4 March 2026, 10:00 in London (GMT).
FROZEN = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
MONDAY = date(2026, 3, 9)
MOBILE = "+447911123456"  # a UK mobile: the only numbers texts go to


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: FROZEN)


@pytest.fixture
def family(guider):
    return ReferralFactory(
        status=ReferralStatus.ALLOCATED,
        guider=guider,
        received_at=FROZEN - timedelta(days=60),
        safe_to_email=True,
        safe_to_text=False,
        phone=MOBILE,
        preferred_contact="",
    )


def book(family, number=None, **fields):
    fields.setdefault("location", CycleLocation.HOME)
    return casework.save_cycle(referral=family, by=family.guider, number=number, **fields)


def reminders(family, **filters):
    return OutboundEmail.objects.filter(
        referral=family, kind=EmailKind.SESSION_REMINDER, **filters
    ).order_by("id")


def london(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_a_monday_session_is_reminded_at_nine_on_the_thursday_before(family):
    book(family, filmed_on=MONDAY, filming_time=time(14, 30))

    (reminder,) = reminders(family)
    assert reminder.send_after == london(date(2026, 3, 5), 9)
    assert reminder.state == EmailState.QUEUED
    assert (reminder.channel, reminder.to_address) == (Channel.EMAIL, family.email)
    assert reminder.session == SessionKind.FILMING
    assert reminder.cycle.number == 1
    assert reminder.reference == family.reference


def test_the_number_of_working_days_comes_from_the_setting(family, settings):
    settings.REMINDER_WORKING_DAYS = 5
    book(family, filmed_on=date(2026, 3, 16))
    assert reminders(family).get().send_after == london(date(2026, 3, 9), 9)


def test_no_reminder_when_neither_text_nor_email_is_safe(family):
    family.safe_to_email = False
    family.save()
    book(family, filmed_on=MONDAY, reviewed_on=MONDAY + timedelta(days=2))
    assert not reminders(family).exists()


def test_by_text_only_when_only_text_is_safe(family):
    family.safe_to_email, family.safe_to_text = False, True
    family.save()
    book(family, filmed_on=MONDAY)
    (reminder,) = reminders(family)
    assert (reminder.channel, reminder.to_phone, reminder.to_address) == (
        Channel.TEXT,
        family.phone,
        "",
    )


def test_by_both_when_both_are_safe_and_neither_preferred(family):
    family.safe_to_text = True
    family.save()
    book(family, filmed_on=MONDAY)
    assert sorted(reminders(family).values_list("channel", flat=True)) == [
        Channel.EMAIL,
        Channel.TEXT,
    ]


def test_each_session_of_a_cycle_has_its_reminder(family):
    book(family, filmed_on=MONDAY, reviewed_on=date(2026, 3, 12), review_time=time(10, 0))
    assert [(r.session, r.send_after) for r in reminders(family)] == [
        (SessionKind.FILMING, london(date(2026, 3, 5), 9)),
        (SessionKind.REVIEW, london(date(2026, 3, 10), 9)),
    ]


def test_saving_twice_makes_one_reminder(family):
    cycle = book(family, filmed_on=MONDAY)
    book(family, number=cycle.number, filmed_on=MONDAY, filming_time=time(11, 0), place="Hub")
    sync_reminders(referral=family)
    assert reminders(family).count() == 1


def test_a_moved_sessions_old_reminder_is_cancelled_and_the_new_one_queued(family):
    cycle = book(family, filmed_on=MONDAY)
    book(family, number=cycle.number, filmed_on=MONDAY + timedelta(days=7))

    old, new = reminders(family)
    assert (old.state, old.to_address) == (EmailState.CANCELLED, "")
    assert old.send_after == london(date(2026, 3, 5), 9)
    assert (new.state, new.send_after) == (EmailState.QUEUED, london(date(2026, 3, 12), 9))


def test_a_cancelled_sessions_reminder_is_cancelled(family):
    cycle = book(family, filmed_on=MONDAY)
    book(family, number=cycle.number, filmed_on=MONDAY, status=CycleStatus.CANCELLED)
    assert reminders(family).get().state == EmailState.CANCELLED


def test_no_reminder_for_a_past_session(family):
    record_consent(family, date(2026, 2, 2))
    book(family, filmed_on=date(2026, 3, 3))
    book(family, filmed_on=date(2026, 3, 4), filming_time=time(9, 30))  # this morning
    assert not reminders(family).exists()


def test_a_session_too_close_for_the_usual_notice_is_reminded_now(family):
    book(family, filmed_on=date(2026, 3, 5), filming_time=time(16, 0))  # tomorrow
    (reminder,) = reminders(family)
    assert reminder.send_after <= timezone.now()
    assert reminder.state == EmailState.QUEUED


def test_a_reminder_once_sent_is_kept_and_not_sent_again(family):
    book(family, filmed_on=MONDAY)
    reminders(family).update(state=EmailState.SENT, to_address="")
    sync_reminders(referral=family)
    assert list(reminders(family).values_list("state", flat=True)) == [EmailState.SENT]


def test_when_email_stops_being_safe_the_pending_email_is_cancelled_and_a_text_queued(family):
    book(family, filmed_on=MONDAY)
    family.safe_to_email, family.safe_to_text = False, True
    family.save()
    sync_reminders(referral=family)
    email, text = reminders(family)
    assert (email.channel, email.state) == (Channel.EMAIL, EmailState.CANCELLED)
    assert (text.channel, text.state) == (Channel.TEXT, EmailState.QUEUED)


def test_ending_the_work_cancels_pending_reminders(family):
    book(family, filmed_on=MONDAY)
    casework.end_work(
        referral=family,
        by=family.guider,
        outcome=Outcome.ENDED_BY_FAMILY,
        ended_on=date(2026, 3, 4),
    )
    assert reminders(family).get().state == EmailState.CANCELLED


def test_cancel_reminders_cancels_every_pending_one(family):
    book(family, filmed_on=MONDAY, reviewed_on=MONDAY + timedelta(days=1))
    assert cancel_reminders(case=family) == 2
    assert set(reminders(family).values_list("state", "to_address")) == {(EmailState.CANCELLED, "")}


def test_anonymising_the_case_cancels_its_pending_reminders_and_none_come_back(family):
    book(family, filmed_on=MONDAY)
    reminders(family).update(state=EmailState.FAILED)  # waiting for a retry: pending too
    triage.case_anonymise(case=family)
    sync_reminders(referral=family)
    assert list(reminders(family).values_list("state", "to_address", "to_phone")) == [
        (EmailState.CANCELLED, "", "")
    ]


def test_erasing_the_familys_case_cancels_its_pending_reminders(family):
    family.safe_to_text = True
    family.save()
    book(family, filmed_on=MONDAY)
    locked = type(family).objects.select_for_update().get(pk=family.pk)
    erase_whole_case(locked)
    assert set(reminders(family).values_list("state", "to_address", "to_phone")) == {
        (EmailState.CANCELLED, "", "")
    }
    assert reminders(family).count() == 2


def test_a_reminder_already_sent_stays_sent_when_the_case_is_anonymised(family):
    book(family, filmed_on=MONDAY)
    reminders(family).update(state=EmailState.SENT, to_address="")
    triage.case_anonymise(case=family)
    assert reminders(family).get().state == EmailState.SENT


def test_a_moved_sessions_old_reminder_is_never_sent(family, monkeypatch, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cycle = book(family, filmed_on=MONDAY)
    book(family, number=cycle.number, filmed_on=MONDAY + timedelta(days=7))
    after_the_old_time = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: after_the_old_time)
    assert send_due() == 0
    assert mail.outbox == []
    assert [r.state for r in reminders(family)] == [EmailState.CANCELLED, EmailState.QUEUED]


def test_a_new_address_replaces_a_pending_reminder(family):
    book(family, filmed_on=MONDAY)
    family.email = "new-address@example.invalid"
    family.save()
    sync_reminders(referral=family)
    old, new = reminders(family)
    assert (old.state, old.to_address) == (EmailState.CANCELLED, "")
    assert (new.state, new.to_address) == (EmailState.QUEUED, "new-address@example.invalid")
