"""A confirmation text is neutral (it may be read by someone else holding the phone): the
reference and the team's phone, never the service's or the child's name, and the team's name
only when the family said we may say who we are; it fits in three text parts."""

import pytest

from referrals.cases.references import discreet_reference, normalise_reference
from referrals.models import EmailKind
from referrals.outbox.sending import deliver
from tests.factories import EnquiryFactory, ReferralFactory
from tests.referrals.outbox.conftest import queue_text

pytestmark = pytest.mark.django_db

THREE_PARTS = 459  # GSM characters in three concatenated texts (153 each)


def sent_body(case, kind, sent_texts):
    deliver([queue_text(case, kind=kind).pk])
    [text] = sent_texts
    return text["body"]


@pytest.fixture
def team(site_settings):
    site_settings.team_name = "Rowan Family Team"
    site_settings.save()
    return site_settings


@pytest.mark.parametrize("may_name_team", [False, True])
def test_a_referral_confirmation_text_is_neutral(team, sent_texts, may_name_team):
    family = ReferralFactory(child_first_name="Ashleigh", may_name_team=may_name_team)

    body = sent_body(family, EmailKind.REFERRER_CONFIRMATION, sent_texts)

    # The reference without its prefix (which names the service); the team finds it from that.
    short = discreet_reference(family.reference)
    assert short in body and normalise_reference(short) == family.reference
    assert team.phone in body
    assert "Ashleigh" not in body
    assert "VIG" not in body
    assert "Video Interaction" not in body
    assert (team.team_name in body) is may_name_team
    assert len(body) <= THREE_PARTS


@pytest.mark.parametrize("may_name_team", [False, True])
def test_an_enquiry_confirmation_text_is_neutral(team, sent_texts, may_name_team):
    enquiry = EnquiryFactory(phone="+447700900123", may_name_team=may_name_team)

    body = sent_body(enquiry, EmailKind.ENQUIRY_CONFIRMATION, sent_texts)

    # The reference without its prefix (which names the service); the team finds it from that.
    short = discreet_reference(enquiry.reference)
    assert short in body and normalise_reference(short) == enquiry.reference
    assert team.phone in body
    assert "VIG" not in body
    assert (team.team_name in body) is may_name_team
    assert len(body) <= THREE_PARTS
