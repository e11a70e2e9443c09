"""Safe contact on every form (the preferred way must be one marked safe; a confirmation email
only when email is safe), the professional route speaks to the professional about the family,
and the error summary is GOV.UK's, listing errors in the order of the page."""

import re

import pytest
from django.core import mail

from referrals.intake.steps import REFERRAL_STEPS
from referrals.models import EmailKind, Enquiry, OutboundEmail, Referral, ReferralKind
from referrals.triage.presenters import presenter_for
from tests.intake_journey import first_question_url, question_urls, send_referral

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="error-summary"[^>]*>.*?</ul>', re.S)


def error_summary(html):
    found = SUMMARY.search(html)
    assert found, "no error summary"
    return found.group(0)


def summary_links(html):
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', error_summary(html))


# The preferred way must be one marked safe ------------------------------------------------


def test_a_preferred_way_not_marked_safe_is_refused_by_the_field(client, refer_url, referral_data):
    referral_data.update(safe_contact=["email"], preferred_contact="phone")
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert 'id="id_preferred_contact-error"' in html
    assert "Choose a way you ticked as safe, or leave this question blank" in html
    assert (
        "id_preferred_contact_0",
        "Choose a way you ticked as safe, or leave this question blank",
    ) in summary_links(html)
    assert not Referral.objects.exists()


def test_a_preferred_way_marked_safe_is_accepted(client, refer_url, referral_data):
    referral_data.update(safe_contact=["email", "text"], preferred_contact="text")
    assert send_referral(client, refer_url, referral_data).status_code == 302
    referral = Referral.objects.get()
    assert referral.preferred_contact == "text" and referral.safe_to_text


def test_the_question_form_asks_which_ways_are_safe(client, enquiry_url):
    html = client.get(enquiry_url).content.decode()
    for value in ("email", "text", "phone", "voicemail"):
        assert re.search(rf'<input[^>]*type="checkbox" value="{value}"', html), value
    assert 'name="preferred_contact"' in html


def test_the_question_form_needs_a_safe_way_and_a_safe_preferred_way(
    client, enquiry_url, enquiry_data
):
    html = client.post(enquiry_url, {**enquiry_data, "safe_contact": []}).content.decode()
    assert "Tick at least one way it is safe for us to reply to you" in html
    html = client.post(
        enquiry_url, {**enquiry_data, "safe_contact": ["email"], "preferred_contact": "phone"}
    ).content.decode()
    assert 'id="id_preferred_contact-error"' in html
    assert not Enquiry.objects.exists()


def test_a_question_records_the_safe_ways_and_they_come_first_for_the_officer(
    client, enquiry_url, enquiry_data
):
    enquiry_data.update(phone="07123 456789", safe_contact=["email", "voicemail"])
    assert client.post(enquiry_url, enquiry_data).status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.safe_to_email and enquiry.safe_to_voicemail
    assert not enquiry.safe_to_text and not enquiry.safe_to_phone
    assert enquiry.preferred_contact == "email"
    safe = {label: ok for label, ok, _given in presenter_for(enquiry).context()["safe_contact"]}
    assert safe == {"Email": True, "Text message": False, "Phone call": False, "Voicemail": True}


@pytest.mark.parametrize(("safe", "emailed"), [(["email"], True), (["phone"], False)])
def test_a_question_is_confirmed_by_email_only_when_email_is_safe(
    client, enquiry_url, enquiry_data, django_capture_on_commit_callbacks, safe, emailed
):
    enquiry_data.update(phone="07123 456789", safe_contact=safe, preferred_contact="")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(enquiry_url, enquiry_data).status_code == 302
    to_them = [m for m in mail.outbox if m.to == [enquiry_data["email"]]]
    assert bool(to_them) is emailed
    confirmations = OutboundEmail.objects.filter(kind=EmailKind.ENQUIRY_CONFIRMATION)
    assert confirmations.exists() is emailed


@pytest.mark.parametrize(("safe", "emailed"), [(["email"], True), (["phone"], False)])
def test_a_referral_is_confirmed_by_email_only_when_email_is_safe(
    client, refer_url, referral_data, django_capture_on_commit_callbacks, safe, emailed
):
    referral_data.update(safe_contact=safe, preferred_contact="")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_referral(client, refer_url, referral_data).status_code == 302
    assert bool([m for m in mail.outbox if m.to == [referral_data["email"]]]) is emailed


# The professional route speaks to the professional about the family -----------------------


def test_professional_errors_speak_about_the_family(client, professional_url, professional_data):
    # Each page needs the ones before it answered: answer them, then send each one empty.
    first_question_url(client, professional_url)
    messages = []
    for page_url in question_urls(professional_url, ReferralKind.PROFESSIONAL):
        html = client.post(page_url, {}).content.decode()
        messages += [message for _anchor, message in summary_links(html)]
        client.post(page_url, professional_data)
    text = " | ".join(messages)
    for expected in (
        "Select the parent or carer&#x27;s relationship to the child",
        "Enter the family&#x27;s postcode",
        "Confirm that the family knows about this referral and agrees to it",
        "Enter the child&#x27;s first name",
        "Tell us what the family would like to change",
        "Select where sessions would suit the family best",
        "Tick at least one way it is safe for us to contact the family",
    ):
        assert expected in text, expected
    for wrong in ("your relationship", "contact you", "suit you", "your postcode", "your child"):
        assert wrong not in text.lower(), wrong


def test_professional_cross_field_errors_speak_about_the_family(
    client, professional_url, professional_data
):
    professional_data.update(email="", phone="", relationship="other", relationship_other="")
    html = send_referral(client, professional_url, professional_data).content.decode()
    assert "Tell us the parent or carer&#x27;s relationship to the child" in html
    professional_data.update(relationship_other="Aunt")
    html = send_referral(client, professional_url, professional_data).content.decode()
    assert "so we can contact the family" in html
    assert "contact you" not in html.split("<main")[1]


def test_the_professionals_confirmation_tells_them_what_happens_to_the_family(
    client, professional_url, professional_data
):
    response = send_referral(client, professional_url, professional_data)
    html = client.get(response["Location"]).content.decode()
    main = html.split("<main")[1]
    assert "contact the family only in the ways you told us are safe" in main
    assert "your family" not in main


# GOV.UK's error summary, in the order of the page -----------------------------------------


def test_the_error_summary_is_marked_up_as_govuk_frontend_has_it(client, refer_url):
    html = client.post(first_question_url(client, refer_url), {}).content.decode()
    summary = error_summary(html)
    outer = re.match(r"<div[^>]*>", summary).group(0)
    assert "aria-labelledby" not in outer and "role=" not in outer
    assert '<div role="alert">' in summary
    assert '<h2 class="error-summary__title">There is a problem</h2>' in summary
    assert 'class="error-summary__body"' in summary


@pytest.mark.parametrize("kind", [ReferralKind.SELF, ReferralKind.PROFESSIONAL])
def test_every_question_page_lists_its_errors_in_page_order(
    client, form_pages, referral_data, professional_data, kind
):
    page = form_pages["refer_professional" if kind == ReferralKind.PROFESSIONAL else "refer"]
    data = professional_data if kind == ReferralKind.PROFESSIONAL else referral_data
    first_question_url(client, page.url)
    for step, url in zip(REFERRAL_STEPS[kind], question_urls(page.url, kind), strict=True):
        html = client.post(url, {}).content.decode()
        anchors = [anchor for anchor, _message in summary_links(html)]
        order = [
            next(i for i, name in enumerate(step.fields) if anchor.startswith(f"id_{name}"))
            for anchor in anchors
        ]
        assert anchors and order == sorted(order), (step.slug, anchors)
        # Each message also sits by its field, in the same order down the page.
        positions = [html.index(f'id="id_{step.fields[i]}-error"') for i in order]
        assert positions == sorted(positions), step.slug
        client.post(url, data)


def test_the_question_form_lists_its_errors_in_page_order(client, enquiry_url):
    html = client.post(enquiry_url, {}).content.decode()
    anchors = [anchor for anchor, _message in summary_links(html)]
    assert anchors == ["id_name", "id_email", "id_safe_contact_0", "id_question"]
