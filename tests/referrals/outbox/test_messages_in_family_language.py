"""Every message to a family goes in the language they used on the site (their confirmation by
email or text, each session reminder): its words and its dates. The team's and an officer's
stay in English, even when they are sent while a Polish request is being answered.

Django's own Polish catalogue names the months and days, so a date written the Polish way shows
the language a message was rendered in whatever our catalogues hold.
"""

import datetime

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from referrals.cases.working_days import contact_by_date
from referrals.intake.services import referral_submit
from referrals.models import (
    Cycle,
    CycleLocation,
    CycleStatus,
    EmailKind,
    Intervention,
    OutboundEmail,
    RecipientRole,
    SessionKind,
)
from referrals.outbox.sending import deliver, message_summary
from tests.factories import POLISH_FAMILY_ANSWERS, EnquiryFactory, ReferralFactory
from tests.referrals.outbox.conftest import queue_text

pytestmark = pytest.mark.django_db

TEAM_EMAIL = "vig-team@example.invalid"
# A Monday in March: the reply-by date is in March or April, never a month whose Polish and
# English names could be confused.
RECEIVED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def month_names(day, language):
    """The ways `language` names the month of `day` (Polish has two: "marzec", "marca")."""
    with translation.override(language):
        return {formats.date_format(day, "F"), formats.date_format(day, "E")}


def day_name(day, language):
    with translation.override(language):
        return formats.date_format(day, "l")


def says_the_month_in(text, day, language):
    return any(name in text for name in month_names(day, language))


def reply_by(site_settings):
    return contact_by_date(timezone.localdate(RECEIVED), site_settings.response_working_days)


def queue_email(case, kind, role, to):
    return OutboundEmail.objects.create(
        kind=kind, recipient_role=role, to_address=to, reference=case.reference, **case.link()
    )


def sent_to(address):
    (email,) = [email for email in mail.outbox if email.to == [address]]
    return email


def test_a_polish_family_is_confirmed_in_polish_and_the_team_told_in_english(site_settings):
    referral = ReferralFactory(site_language="pl", received_at=RECEIVED)
    family = queue_email(
        referral, EmailKind.REFERRER_CONFIRMATION, RecipientRole.REFERRER, referral.email
    )
    team = queue_email(referral, EmailKind.TEAM_NEW_REFERRAL, RecipientRole.TEAM, TEAM_EMAIL)

    deliver([family.pk, team.pk])

    confirmation = sent_to(referral.email)
    contact_by = reply_by(site_settings)
    assert says_the_month_in(confirmation.body, contact_by, "pl")
    assert not says_the_month_in(confirmation.body, contact_by, "en-gb")
    assert day_name(contact_by, "pl") in confirmation.body
    notification = sent_to(TEAM_EMAIL)
    assert "Monday 2 March 2026" in notification.body
    assert not says_the_month_in(notification.body, RECEIVED, "pl")


def test_the_team_email_stays_english_when_sent_during_a_polish_request(site_settings):
    """Where messages are sent as the request's transaction commits, Polish is still active."""
    referral = ReferralFactory(site_language="pl", received_at=RECEIVED)
    team = queue_email(referral, EmailKind.TEAM_NEW_REFERRAL, RecipientRole.TEAM, TEAM_EMAIL)

    with translation.override("pl"):
        deliver([team.pk])

    body = sent_to(TEAM_EMAIL).body
    assert "Monday 2 March 2026" in body
    assert day_name(RECEIVED, "pl") not in body


def test_an_english_family_is_confirmed_in_english_during_a_polish_request(site_settings):
    referral = ReferralFactory(received_at=RECEIVED)
    family = queue_email(
        referral, EmailKind.REFERRER_CONFIRMATION, RecipientRole.REFERRER, referral.email
    )

    with translation.override("pl"):
        deliver([family.pk])

    contact_by = reply_by(site_settings)
    body = sent_to(referral.email).body
    assert says_the_month_in(body, contact_by, "en-gb")
    assert not says_the_month_in(body, contact_by, "pl")


def test_an_arabic_enquirer_is_answered_in_arabic(site_settings):
    enquiry = EnquiryFactory(site_language="ar", received_at=RECEIVED, safe_to_email=True)
    family = queue_email(
        enquiry, EmailKind.ENQUIRY_CONFIRMATION, RecipientRole.REFERRER, enquiry.email
    )
    team = queue_email(enquiry, EmailKind.TEAM_NEW_ENQUIRY, RecipientRole.TEAM, TEAM_EMAIL)

    deliver([family.pk, team.pk])

    contact_by = reply_by(site_settings)
    assert says_the_month_in(sent_to(enquiry.email).body, contact_by, "ar")
    assert day_name(contact_by, "ar") in sent_to(enquiry.email).body
    assert "Monday 2 March 2026" in sent_to(TEAM_EMAIL).body
    assert not says_the_month_in(sent_to(TEAM_EMAIL).body, RECEIVED, "ar")


def test_a_polish_familys_text_confirmation_is_in_polish(site_settings, sent_texts):
    referral = ReferralFactory(site_language="pl", received_at=RECEIVED, phone="+447700900123")
    message = queue_text(referral)

    deliver([message.pk])

    (text,) = sent_texts
    assert says_the_month_in(text["body"], reply_by(site_settings), "pl")


def test_a_polish_familys_session_reminder_is_in_polish(site_settings, sent_texts):
    referral = ReferralFactory(site_language="pl", phone="+447700900123")
    filmed_on = timezone.localdate() + datetime.timedelta(days=3)
    cycle = Cycle.objects.create(
        intervention=Intervention.objects.create(referral=referral),
        number=1,
        filmed_on=filmed_on,
        filming_time=datetime.time(10, 30),
        location=CycleLocation.HOME,
        status=CycleStatus.PLANNED,
    )
    message = queue_text(
        referral,
        kind=EmailKind.SESSION_REMINDER,
        cycle=cycle,
        session=SessionKind.FILMING,
        send_after=timezone.now() - datetime.timedelta(minutes=1),
    )

    deliver([message.pk])

    (text,) = sent_texts
    assert says_the_month_in(text["body"], filmed_on, "pl")
    assert day_name(filmed_on, "pl") in text["body"]


def test_the_copy_of_a_text_for_subject_access_is_in_the_language_it_was_sent_in(site_settings):
    referral = ReferralFactory(site_language="pl", received_at=RECEIVED, phone="+447700900123")
    message = queue_text(referral)

    summary = message_summary(message)

    assert says_the_month_in(summary, reply_by(site_settings), "pl")


def test_a_referral_sent_from_the_polish_site_is_confirmed_in_polish_end_to_end(
    site_settings, django_capture_on_commit_callbacks
):
    site_settings.email = TEAM_EMAIL
    site_settings.save()
    answers = {**POLISH_FAMILY_ANSWERS, "consent_privacy": True, "consent_contact": True}

    with translation.override("pl"), django_capture_on_commit_callbacks(execute=True):
        referral = referral_submit(form_data=answers, declaration_accepted=True)

    contact_by = contact_by_date(
        timezone.localdate(referral.received_at), site_settings.response_working_days
    )
    assert says_the_month_in(sent_to("anna@example.invalid").body, contact_by, "pl")
    team = sent_to(TEAM_EMAIL).body
    with translation.override("en-gb"):
        received = formats.date_format(timezone.localtime(referral.received_at), "l j F Y")
    assert received in team
