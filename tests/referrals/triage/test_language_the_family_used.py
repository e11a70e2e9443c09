"""Staff see the language a family used on the site, named in English: at the top of the case
beside safe contact ("Filled in in Polish"), as a filter of each list, as a column of the
export, and in the copy a person is given of what we hold about them."""

import csv
import io

import pytest
from bs4 import BeautifulSoup

from referrals.cases.admin_urls import case_url, list_url
from referrals.models import Enquiry, Referral
from referrals.privacy.subject_access import held_answers
from tests.factories import EnquiryFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def safe_contact_box(client, case):
    html = client.get(case_url(case)).content.decode()
    box = BeautifulSoup(html, "html.parser").select_one(".triage-safe-contact")
    assert box is not None, "the case page has no safe-contact box"
    return " ".join(box.get_text(" ").split())


def test_a_polish_referral_says_so_beside_safe_contact(client, officer):
    referral = ReferralFactory(site_language="pl", language="Polish")
    client.force_login(officer)

    box = safe_contact_box(client, referral)

    assert "Filled in in Polish" in box
    assert "our emails and texts to them are in Polish" in box


def test_an_english_referral_says_it_was_filled_in_in_english(client, officer):
    referral = ReferralFactory()
    client.force_login(officer)

    box = safe_contact_box(client, referral)

    assert "Filled in in English" in box
    assert "our emails and texts to them are in" not in box


def test_an_arabic_enquiry_says_so_beside_safe_contact(client, officer):
    enquiry = EnquiryFactory(site_language="ar", safe_to_email=True)
    client.force_login(officer)

    assert "Filled in in Arabic" in safe_contact_box(client, enquiry)


@pytest.mark.parametrize(
    ("model", "factory"), [(Referral, ReferralFactory), (Enquiry, EnquiryFactory)]
)
def test_each_list_filters_by_the_language_the_family_used(client, officer, model, factory):
    polish = factory(site_language="pl")
    arabic = factory(site_language="ar")
    english = factory()
    client.force_login(officer)

    def shown(**params):
        html = client.get(list_url(model), params).content.decode()
        return {case.reference for case in (polish, arabic, english) if case.reference in html}

    page = BeautifulSoup(client.get(list_url(model)).content, "html.parser").get_text(" ")
    assert "language the family used" in " ".join(page.split()).lower()
    assert "Polish" in page and "Arabic" in page
    assert shown(site_language__exact="pl") == {polish.reference}
    assert shown(site_language__exact="ar") == {arabic.reference}
    assert shown(site_language__exact="en-gb") == {english.reference}
    assert len(shown()) == 3


@pytest.mark.parametrize(
    ("model", "factory"), [(Referral, ReferralFactory), (Enquiry, EnquiryFactory)]
)
def test_the_export_has_the_language_the_family_used(client, manager, model, factory):
    polish = factory(site_language="pl")
    english = factory()
    client.force_login(manager)

    response = client.get(list_url(model), {"export": "csv"})

    header, *body = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = header.index("Language the family used")
    languages = {row[0]: row[column] for row in body}
    assert languages == {polish.reference: "Polish", english.reference: "English"}


def test_the_referral_export_tells_the_preferred_language_apart(client, manager):
    ReferralFactory(site_language="pl", language="Kashubian")
    client.force_login(manager)

    response = client.get(list_url(Referral), {"export": "csv"})

    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row[header.index("Preferred language")] == "Kashubian"
    assert row[header.index("Language the family used")] == "Polish"


def test_the_copy_of_what_we_hold_says_which_language_they_used(db):
    referral = ReferralFactory(site_language="pl")

    answers = {row["label"]: row["value"] for row in held_answers(referral)}
    assert answers["Language the family used"] == "Polish"
