"""Emails about new referrals and enquiries: queued in the outbox, sent after the record is
saved, sent again by send_due (the worker, `retry_email`) once a failure's wait has passed,
and never carrying a family's details to the team."""

import datetime
import io
from unittest import mock

import pytest
from anymail.exceptions import AnymailAPIError
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from referrals.cases.working_days import contact_by_date
from referrals.models import (
    Channel,
    EmailKind,
    EmailState,
    OutboundEmail,
    RecipientRole,
    Referral,
)
from referrals.outbox.sending import MAX_ATTEMPTS, RETRY_BACKOFF_MINUTES, send_due
from tests.intake_journey import send_referral

from .conftest import TEAM_EMAIL

pytestmark = pytest.mark.django_db

SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def personal_values(referral):
    """Every value a family or professional gave us, in the forms it could be printed."""
    values = []
    for field in Referral._meta.get_fields():
        if not getattr(field, "editable", False) or field.is_relation:
            continue
        value = getattr(referral, field.name)
        if isinstance(value, str) and len(value) > 2 and not field.choices:
            values.append(value)
    born = referral.child_date_of_birth
    values += [
        born.isoformat(),
        born.strftime("%d/%m/%Y"),
        f"{born.day} {born.strftime('%B')} {born.year}",
        referral.phone.removeprefix("+44"),
        "07123",
        "01506 282948" if referral.professional_phone else referral.postcode,
    ]
    return [value for value in values if value]


def email_text(message):
    html = "".join(content for content, _type in message.alternatives)
    return "\n".join([message.subject, message.body, html])


def test_team_email_carries_reference_kind_time_and_link_but_no_personal_data(
    client, professional_url, professional_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_referral(client, professional_url, professional_data)
    referral = Referral.objects.get()
    team_messages = [message for message in mail.outbox if message.to == [TEAM_EMAIL]]
    assert len(team_messages) == 1
    message = team_messages[0]
    text = email_text(message)

    assert message.subject == f"New referral {referral.reference} received"
    assert "Professional" in message.body
    assert f"/admin/referrals/referral/inspect/{referral.pk}/" in message.body
    assert timezone.localtime(referral.received_at).strftime("%H:%M") in message.body
    values = personal_values(referral)
    assert len(values) > 15
    for value in values:
        assert value not in text, f"team email contains a personal value: {value!r}"
    # The team phone number is ours, not the professional's.
    assert message.alternatives[0][1] == "text/html"


def test_team_email_for_an_enquiry_has_no_name_or_question(
    client, enquiry_url, enquiry_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(enquiry_url, enquiry_data)
    message = next(m for m in mail.outbox if m.to == [TEAM_EMAIL])
    text = email_text(message)
    for value in (enquiry_data["name"], enquiry_data["email"], "struggle", "15-year-old"):
        assert value not in text


def test_no_confirmation_email_when_email_is_not_safe(
    client, refer_url, referral_data, django_capture_on_commit_callbacks
):
    referral_data["safe_contact"] = ["phone", "text"]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_referral(client, refer_url, referral_data).status_code == 302

    referral = Referral.objects.get()
    assert referral.email == "siobhan@example.com"
    assert not referral.safe_to_email
    assert not OutboundEmail.objects.filter(
        kind=EmailKind.REFERRER_CONFIRMATION, channel=Channel.EMAIL
    ).exists()
    assert [message.to for message in mail.outbox] == [[TEAM_EMAIL]]


def test_referrer_confirmation_has_reference_next_steps_date_and_phone_with_neutral_subject(
    client, refer_url, referral_data, django_capture_on_commit_callbacks, site_settings
):
    with django_capture_on_commit_callbacks(execute=True):
        send_referral(client, refer_url, referral_data)
    referral = Referral.objects.get()
    message = next(m for m in mail.outbox if m.to == ["siobhan@example.com"])
    contact_by = contact_by_date(
        timezone.localdate(referral.received_at), site_settings.response_working_days
    )

    assert message.subject == f"Your reference number {referral.reference}"
    assert referral.reference in message.body
    assert "What happens next" in message.body
    assert f"{contact_by.day} {contact_by.strftime('%B %Y')}" in message.body
    assert site_settings.phone in message.body
    assert "Aoife" not in email_text(message)
    # Once sent, the member of the public's address is not kept in the outbox.
    outbox_row = OutboundEmail.objects.get(kind=EmailKind.REFERRER_CONFIRMATION)
    assert outbox_row.to_address == ""


def test_team_email_falls_back_to_the_setting_when_site_has_no_address(
    client, refer_url, referral_data, site_settings, django_capture_on_commit_callbacks
):
    site_settings.email = ""
    site_settings.save()
    with (
        override_settings(TEAM_NOTIFICATION_EMAIL="fallback@example.invalid"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_referral(client, refer_url, referral_data)
    assert ["fallback@example.invalid"] in [message.to for message in mail.outbox]


def test_no_team_address_at_all_still_saves_the_referral(
    client, refer_url, referral_data, site_settings, caplog
):
    site_settings.email = ""
    site_settings.save()
    with override_settings(TEAM_NOTIFICATION_EMAIL=""):
        assert send_referral(client, refer_url, referral_data).status_code == 302
    referral = Referral.objects.get()
    assert not OutboundEmail.objects.filter(recipient_role=RecipientRole.TEAM).exists()
    assert referral.reference in caplog.text
    assert "Siobhán" not in caplog.text


def test_provider_failure_saves_the_referral_and_the_message_is_retried_later(
    client, refer_url, referral_data, django_capture_on_commit_callbacks
):
    with (
        mock.patch(SEND, side_effect=AnymailAPIError("provider down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = send_referral(client, refer_url, referral_data)

    assert response.status_code == 302
    referral = Referral.objects.get()
    messages = OutboundEmail.objects.filter(referral=referral)
    assert messages.count() == 2
    for message in messages:
        assert message.state == EmailState.FAILED
        assert message.attempts == 1
        assert message.last_error == "AnymailAPIError"
        assert message.next_attempt_at > timezone.now()
    assert mail.outbox == []

    # Not due yet: nothing is tried again.
    assert send_due() == 0
    assert set(messages.values_list("attempts", flat=True)) == {1}
    # After the backoff they are sent, once.
    later = timezone.now() + datetime.timedelta(minutes=RETRY_BACKOFF_MINUTES[0] + 1)
    assert send_due(now=later) == 2
    assert set(messages.values_list("state", flat=True)) == {EmailState.SENT}
    assert set(messages.values_list("attempts", flat=True)) == {2}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([TEAM_EMAIL, "siobhan@example.com"])
    # Sent messages are never due again.
    assert send_due(now=later + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


@pytest.fixture
def phone_enquiry(enquiry_data):
    """An enquiry whose only email is the team's: one message in the outbox."""
    enquiry_data.update(
        email="", phone="01506 282948", safe_contact=["phone"], preferred_contact="phone"
    )
    return enquiry_data


def test_failing_provider_is_tried_at_least_5_times_over_hours_then_given_up(
    client, enquiry_url, phone_enquiry, django_capture_on_commit_callbacks
):
    with mock.patch(SEND, side_effect=AnymailAPIError("provider down")):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(enquiry_url, phone_enquiry)
        message = OutboundEmail.objects.get()
        first_failure = message.updated_at
        now = timezone.now()
        while message.state == EmailState.FAILED:
            now = message.next_attempt_at + datetime.timedelta(seconds=1)
            assert send_due(now=now) == 1
            message.refresh_from_db()

    assert message.state == EmailState.GAVE_UP
    assert message.attempts == MAX_ATTEMPTS >= 5
    assert message.next_attempt_at is None
    assert message.last_error == "AnymailAPIError"  # visible in the outbox, with no details
    assert send_due(now=now + datetime.timedelta(days=1)) == 0  # given up stays given up
    assert sum(RETRY_BACKOFF_MINUTES) >= 3 * 60
    assert now - first_failure >= datetime.timedelta(hours=3)


def test_one_run_tries_each_due_message_once_even_when_it_fails_again(
    client, enquiry_url, phone_enquiry, django_capture_on_commit_callbacks
):
    with mock.patch(SEND, side_effect=AnymailAPIError("provider down")):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(enquiry_url, phone_enquiry)
        # A day on, every wait of the backoff has passed; a run still tries the message once,
        # rather than spending all its attempts at once.
        assert send_due(now=timezone.now() + datetime.timedelta(days=1)) == 1
    message = OutboundEmail.objects.get()
    assert (message.state, message.attempts) == (EmailState.FAILED, 2)


def test_retry_email_command_sends_failed_messages_that_are_due(
    client, refer_url, referral_data, django_capture_on_commit_callbacks
):
    with (
        mock.patch(SEND, side_effect=AnymailAPIError("provider down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_referral(client, refer_url, referral_data)
    assert mail.outbox == []
    OutboundEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=1))
    output = io.StringIO()

    call_command("retry_email", stdout=output)

    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(mail.outbox) == 2
    assert "2 email(s)" in output.getvalue()


def test_contact_by_date_skips_weekends():
    friday = datetime.date(2026, 11, 20)
    assert contact_by_date(friday, 5) == datetime.date(2026, 11, 27)
    assert contact_by_date(friday, 1) == datetime.date(2026, 11, 23)
    saturday = datetime.date(2026, 11, 21)
    assert contact_by_date(saturday, 1) == datetime.date(2026, 11, 23)
    assert contact_by_date(datetime.date(2026, 11, 24), 0) == datetime.date(2026, 11, 24)


def test_confirmation_page_date_follows_the_site_setting(
    client, refer_url, referral_data, site_settings
):
    site_settings.response_working_days = 10
    site_settings.save()
    send_referral(client, refer_url, referral_data)
    expected = contact_by_date(timezone.localdate(), 10)
    html = client.get(f"{refer_url}confirmation/").content.decode()
    assert f"{expected.day} {expected.strftime('%B %Y')}" in html


def test_team_address_outside_a_request_comes_from_the_default_sites_settings(
    site_settings, settings
):
    from referrals.intake.services import team_email_address

    settings.TEAM_NOTIFICATION_EMAIL = "fallback@example.invalid"
    site_settings.email = "inbox@example.org"
    site_settings.save()
    assert team_email_address() == "inbox@example.org"
