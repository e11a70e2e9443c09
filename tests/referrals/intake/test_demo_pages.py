"""setup_demo's form pages: at /refer/ and /ask-a-question/, created once."""

import pytest
from django.core.management import call_command

from referrals.demo import pages as demo_pages
from referrals.models import EnquiryFormPage, ReferralFormPage, ReferralKind
from tests.intake_journey import answer_questions

pytestmark = pytest.mark.django_db


def test_form_pages_are_created_once_with_calls_to_action_on_the_home_page(home_page):
    first = demo_pages.setup_form_pages(home_page)
    again = demo_pages.setup_form_pages(home_page)

    assert first["refer"].pk == again["refer"].pk
    assert ReferralFormPage.objects.count() == 2
    assert EnquiryFormPage.objects.count() == 1
    assert first["refer"].url == "/refer/"
    assert first["refer"].kind == ReferralKind.SELF
    assert first["refer_professional"].kind == ReferralKind.PROFESSIONAL
    assert first["enquiry"].url == "/ask-a-question/"
    home_page.refresh_from_db()
    ctas = [block for block in home_page.body if block.block_type == "call_to_action"]
    assert [block.value["page"].pk for block in ctas] == [
        first["refer"].pk,
        first["enquiry"].pk,
        first["refer_professional"].pk,
    ]


def test_setup_demo_command_creates_the_form_pages(client):
    call_command("setup_demo", "--no-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.get("/refer/").status_code == 200
    assert client.get("/ask-a-question/").status_code == 200
    assert client.get("/refer-a-family/").status_code == 200


def test_editors_text_is_shown_around_the_form(client, form_pages, referral_data):
    """The introduction on the start page; the privacy notice where the referral is sent."""
    page = form_pages["refer"]
    page.introduction = "Edited introduction"
    page.privacy_notice = "<p>Edited privacy notice</p>"
    page.submit_label = "Send it to us"
    page.save_revision().publish()
    assert "Edited introduction" in client.get(page.url).content.decode()
    accepted, check_page = answer_questions(client, page.url, referral_data)
    html = client.get(check_page).content.decode()
    assert "Edited privacy notice" in html
    assert "Send it to us" in html
