"""Fictional referrals and enquiries for triage tests."""

from datetime import date

import factory
from django.utils import timezone

from referrals.cases.references import new_reference
from referrals.models import (
    EmailKind,
    Enquiry,
    OutboundEmail,
    RecipientRole,
    Referral,
    ReferralKind,
    Relationship,
    SessionLocation,
)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    reference = factory.LazyFunction(new_reference)
    received_at = factory.LazyFunction(timezone.now)
    kind = ReferralKind.SELF
    safe_to_email = True
    safe_to_text = True
    safe_to_phone = True
    safe_to_voicemail = False
    contact_name = factory.Sequence(lambda n: f"Test Parent {n}")
    relationship = Relationship.PARENT
    email = factory.Sequence(lambda n: f"parent{n}@example.invalid")
    phone = "+447700900123"
    postcode = "EH54 6FF"
    child_first_name = factory.Sequence(lambda n: f"Testchild{n}")
    child_date_of_birth = date(2019, 5, 17)
    what_to_change = "We would like to enjoy playtime together more."
    session_location = SessionLocation.HOME
    consent_privacy = True
    consent_contact = True


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    reference = factory.LazyFunction(new_reference)
    received_at = factory.LazyFunction(timezone.now)
    name = factory.Sequence(lambda n: f"Test Enquirer {n}")
    email = factory.Sequence(lambda n: f"enquirer{n}@example.invalid")
    question = "Is VIG right for a family with a teenager?"


def queued_team_emails(count):
    """`count` queued outbox messages to the team about one new referral."""
    referral = ReferralFactory()
    return [
        OutboundEmail.objects.create(
            kind=EmailKind.TEAM_NEW_REFERRAL,
            recipient_role=RecipientRole.TEAM,
            to_address=f"team{i}@example.invalid",
            reference=referral.reference,
            referral=referral,
        )
        for i in range(count)
    ]
