"""A referral or an enquiry records the language the family used on the site: the one active
while their submission is saved (the address's /pl/ or /ar/), as one of the site's languages,
English when it is none of them. The form's answers cannot choose it."""

import pytest
from django.utils import translation

from referrals.intake.services import enquiry_submit, referral_submit
from referrals.models import Enquiry, Referral
from tests.factories import POLISH_FAMILY_ANSWERS, ReferralFactory

pytestmark = pytest.mark.django_db

REFERRAL_ANSWERS = {
    **POLISH_FAMILY_ANSWERS,
    "language": "Polish",  # their preferred language for the sessions: their own answer
}
ENQUIRY_ANSWERS = {"name": "Amal Haddad", "question": "هل هناك قائمة انتظار؟"}


@pytest.mark.parametrize(
    ("active", "recorded"),
    [("pl", "pl"), ("ar", "ar"), ("en-gb", "en-gb"), ("en", "en-gb"), ("de", "en-gb")],
)
def test_a_referral_records_the_language_it_was_sent_in(site_settings, active, recorded):
    with translation.override(active):
        referral = referral_submit(form_data=REFERRAL_ANSWERS)

    assert Referral.objects.get(pk=referral.pk).site_language == recorded


def test_a_referral_sent_with_no_language_active_is_recorded_as_english(site_settings):
    with translation.override(None):
        referral = referral_submit(form_data=REFERRAL_ANSWERS)

    assert Referral.objects.get(pk=referral.pk).site_language == "en-gb"


def test_an_enquiry_records_the_language_it_was_sent_in(site_settings):
    with translation.override("ar"):
        enquiry = enquiry_submit(form_data=ENQUIRY_ANSWERS)

    assert Enquiry.objects.get(pk=enquiry.pk).site_language == "ar"


def test_the_answers_cannot_choose_the_recorded_language(site_settings):
    with translation.override("pl"):
        referral = referral_submit(form_data={**REFERRAL_ANSWERS, "site_language": "ar"})
        enquiry = enquiry_submit(form_data={**ENQUIRY_ANSWERS, "site_language": "ar"})

    assert Referral.objects.get(pk=referral.pk).site_language == "pl"
    assert Enquiry.objects.get(pk=enquiry.pk).site_language == "pl"


def test_the_preferred_language_answer_is_kept_beside_it(site_settings):
    with translation.override("pl"):
        referral = referral_submit(form_data=REFERRAL_ANSWERS)

    referral.refresh_from_db()
    assert (referral.site_language, referral.language) == ("pl", "Polish")


def test_cases_made_without_a_language_are_english(db):
    """As every case sent before the site had other languages is (the migration's default)."""
    assert ReferralFactory().site_language == "en-gb"
