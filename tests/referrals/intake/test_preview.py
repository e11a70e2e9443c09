"""Editors preview a form page as the public sees it, and the confirmation page after it."""

import pytest

from referrals.intake.confirmation import PREVIEW_REFERENCE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["refer", "refer_professional", "enquiry"])
def test_an_editor_can_preview_the_confirmation_page(form_pages, name):
    page = form_pages[name]
    page.confirmation_title = "Sent: thank you"
    response = page.make_preview_request(preview_mode="confirmation")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sent: thank you" in html
    assert PREVIEW_REFERENCE in html


def test_the_default_preview_is_the_start_page_or_the_blank_form(form_pages):
    page = form_pages["refer"]
    page.introduction = "A changed introduction not yet published"
    response = page.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    assert "A changed introduction not yet published" in html
    assert "button--start" in html
    enquiry = form_pages["enquiry"]
    enquiry.introduction = "Another changed introduction"
    html = enquiry.make_preview_request().content.decode()
    assert "Another changed introduction" in html
    assert 'name="question"' in html
    assert "Error" not in html.split("<title>")[1].split("</title>")[0]


def test_an_editor_can_preview_the_check_page_with_the_privacy_notice(form_pages):
    page = form_pages["refer"]
    page.privacy_notice = "<p>A privacy notice not yet published</p>"
    page.submit_label = "Send it"
    html = page.make_preview_request(preview_mode="check").content.decode()
    assert "A privacy notice not yet published" in html
    assert "By sending this referral you confirm that" in html
    assert "Send it" in html
