"""The Guider records each session's day, time and place on the case page, sees the family's
reminder queued there, and once it is due the outbox sends it (printed in development): the
issue's "done when", through the admin."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from referrals.cases.admin_urls import case_url
from referrals.models import (
    CaseEvent,
    Channel,
    CycleLocation,
    CycleStatus,
    EmailKind,
    EmailState,
    OutboundEmail,
    ReferralStatus,
)
from referrals.models.casework import Cycle
from referrals.outbox import texts
from tests.factories import ReferralFactory

# Wednesday 4 March 2026, 10:00 in London (GMT); the clock is moved on by `clock.now`.
WEDNESDAY = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
THREE_WORKING_DAYS_AHEAD = date(2026, 3, 9)  # Monday


class Clock:
    now = WEDNESDAY


@pytest.fixture
def clock(monkeypatch):
    moving = Clock()
    monkeypatch.setattr(timezone, "now", lambda: moving.now)
    return moving


@pytest.fixture
def family(guider, clock):
    return ReferralFactory(
        status=ReferralStatus.ALLOCATED,
        guider=guider,
        received_at=WEDNESDAY - timedelta(days=60),
        safe_to_email=True,
        safe_to_text=False,
        preferred_contact="",
    )


def book(client, family, **fields):
    data = {
        "action": "cycle",
        "form_prefix": "cycle_new",
        "cycle_new-location": CycleLocation.OTHER,
        "cycle_new-status": CycleStatus.PLANNED,
    }
    data.update({f"cycle_new-{name}": value for name, value in fields.items()})
    return client.post(case_url(family), data)


def test_a_guider_books_a_session_and_its_reminder_is_sent_once_due(
    client, family, guider, clock, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(guider)
    response = book(
        client,
        family,
        place="Rowan Family Centre, room 2",
        filmed_on=THREE_WORKING_DAYS_AHEAD.isoformat(),
        filming_time="14:30",
    )
    assert response.status_code == 302

    cycle = Cycle.objects.get(intervention__referral=family)
    assert (cycle.filming_time, cycle.place) == (time(14, 30), "Rowan Family Centre, room 2")
    html = client.get(case_url(family)).content.decode()
    assert "Mon 9 Mar 2026, 14:30" in html
    assert "Somewhere else: Rowan Family Centre, room 2" in html
    assert "Session reminders" in html
    assert "Queued for 5 March 2026, 09:00" in html
    assert "filmed 9 March 2026 at 14:30" in CaseEvent.objects.filter(referral=family).last().detail

    call_command("retry_email")  # not due yet: nothing goes
    assert mail.outbox == []

    clock.now = datetime(2026, 3, 5, 9, 1, tzinfo=UTC)  # Thursday, just after nine
    call_command("retry_email")
    (email,) = mail.outbox
    assert email.to == [family.email]
    assert email.subject == "Reminder: your appointment on Monday 9 March"
    assert "Monday 9 March at 2:30pm, at Rowan Family Centre, room 2" in email.body
    reminder = OutboundEmail.objects.get(kind=EmailKind.SESSION_REMINDER)
    assert (reminder.state, reminder.to_address) == (EmailState.SENT, "")
    client.force_login(guider)  # a new day, a new sign-in
    html = client.get(case_url(family)).content.decode()
    assert "Sent 5 March 2026, 09:01" in html


def test_the_reminder_is_neutral_and_names_neither_the_service_nor_the_child(
    client, family, guider, clock, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(guider)
    with django_capture_on_commit_callbacks(execute=True):
        book(client, family, location=CycleLocation.HOME, filmed_on="2026-03-05")
    (email,) = mail.outbox  # tomorrow: too close for two working days' notice, so it goes now
    words = email.subject + email.body + email.alternatives[0][0]
    assert "at your home" in email.body
    for secret in ("VIG", "Video Interaction", family.child_first_name, family.postcode):
        assert secret not in words


def test_a_time_without_its_date_is_refused_by_the_field_with_what_was_typed_kept(
    client, family, guider
):
    client.force_login(guider)
    response = book(client, family, review_time="10:15", place="The hub")
    assert response.status_code == 400
    html = response.content.decode()
    error = 'id="id_cycle_new-reviewed_on_error"'
    assert error in html
    assert "Enter the shared review date as well as its time" in html.split(error)[1][:200]
    assert 'value="10:15"' in html
    assert 'value="The hub"' in html
    assert not Cycle.objects.exists()


def test_a_time_that_is_not_a_time_is_refused_by_its_field(client, family, guider):
    client.force_login(guider)
    response = book(client, family, filmed_on="2026-03-09", filming_time="25:70")
    assert response.status_code == 400
    html = response.content.decode()
    error = 'id="id_cycle_new-filming_time_error"'
    assert error in html
    assert "Enter a real time on the 24-hour clock, like 14:30." in html.split(error)[1][:200]
    assert 'value="25:70"' in html


def test_a_text_reminder_is_shown_with_its_channel(client, family, guider):
    family.safe_to_email, family.safe_to_text, family.phone = False, True, "+447911123456"
    family.save()
    client.force_login(guider)
    book(client, family, filmed_on=THREE_WORKING_DAYS_AHEAD.isoformat())
    assert OutboundEmail.objects.get().channel == Channel.TEXT
    html = client.get(case_url(family)).content.decode()
    assert "Text message" in html
    assert "Queued for 5 March 2026, 09:00" in html


@pytest.mark.parametrize("may_name_team", [False, True])
def test_a_text_reminder_names_the_team_only_when_the_family_said_we_may(
    client, family, guider, clock, site_settings, may_name_team
):
    texts.outbox.clear()
    family.safe_to_email, family.safe_to_text, family.phone = False, True, "+447911123456"
    family.may_name_team = may_name_team
    family.save()
    client.force_login(guider)
    book(client, family, place="The hub", filmed_on=THREE_WORKING_DAYS_AHEAD.isoformat())
    clock.now = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
    call_command("retry_email")

    (text,) = texts.outbox
    assert text["to"] == "+447911123456"
    assert "reminder of your appointment on Monday 9 March, at The hub." in text["body"]
    assert f"phone {site_settings.phone}" in text["body"]
    assert (site_settings.team_name in text["body"]) is may_name_team
    for secret in ("VIG", family.reference, family.child_first_name):
        assert secret not in text["body"]
    assert OutboundEmail.objects.get().to_phone == ""
    texts.outbox.clear()


def test_the_case_page_shows_a_moved_sessions_old_reminder_cancelled_and_a_failed_one(
    client, family, guider
):
    client.force_login(guider)
    book(client, family, filmed_on=THREE_WORKING_DAYS_AHEAD.isoformat())
    data = {
        "action": "cycle",
        "form_prefix": "cycle1",
        "cycle1-number": "1",
        "cycle1-location": CycleLocation.OTHER,
        "cycle1-status": CycleStatus.PLANNED,
        "cycle1-filmed_on": "2026-03-16",
        "cycle1-reviewed_on": "2026-03-18",
    }
    assert client.post(case_url(family), data).status_code == 302
    OutboundEmail.objects.filter(session="review").update(state=EmailState.GAVE_UP)

    html = client.get(case_url(family)).content.decode()
    table = html.split('id="casework-reminders"')[1].split("</table>")[0]
    assert table.index("Cancelled (not sent)") < table.index("Queued for 12 March 2026, 09:00")
    assert "Could not be sent" in table
    assert "Shared review" in table
