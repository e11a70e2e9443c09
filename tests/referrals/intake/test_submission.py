"""Submitting the referral and enquiry forms through the public pages."""

import re

import pytest
from django.core import mail

from referrals.cases.references import REFERENCE_RE
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    EmailKind,
    EmailState,
    Enquiry,
    OutboundEmail,
    Referral,
    ReferralKind,
)
from tests.intake_journey import (
    answer_questions,
    first_question_url,
    question_urls,
    send_from_check,
    send_referral,
)

pytestmark = pytest.mark.django_db


def test_home_page_calls_to_action_link_to_the_forms(client, form_pages):
    html = client.get("/").content.decode()
    assert 'href="/refer/"' in html
    assert 'href="/ask-a-question/"' in html
    assert 'href="/refer-a-family/"' in html


def test_referral_start_and_question_pages_have_a_quick_exit(client, refer_url, referral_data):
    start = client.get(refer_url).content.decode()
    assert "Leave this site quickly" in start
    assert "button--start" in start
    response = client.get(first_question_url(client, refer_url))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="contact_name"' in html
    assert "Leave this site quickly" in html
    assert 'rel="nofollow"' in html
    # The exit link sends /leave/ this page as its Referer (how a browser without
    # Sec-Fetch-Site shows the request comes from this site), but no other site learns it.
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_only_the_professional_route_asks_for_a_professionals_details(
    client, refer_url, professional_url, referral_data, professional_data
):
    answer_questions(client, refer_url, referral_data)
    pages = [client.get(url).content.decode() for url in question_urls(refer_url)]
    assert 'name="contact_name"' in "".join(pages)
    assert 'name="professional_name"' not in "".join(pages)
    professional = client.get(first_question_url(client, professional_url)).content.decode()
    assert 'name="professional_name"' in professional


def test_valid_self_referral_is_saved_with_history_reference_and_emails(
    client, refer_url, referral_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_referral(client, refer_url, referral_data)

    assert response.status_code == 302
    assert response["Location"] == f"{refer_url}confirmation/"
    referral = Referral.objects.get()
    assert REFERENCE_RE.match(referral.reference)
    assert str(referral) == referral.reference
    assert referral.kind == ReferralKind.SELF
    assert referral.contact_name == "Siobhán Ní Bhriain"
    assert referral.postcode == "EH54 6FF"
    assert referral.phone == "+447123456789"
    assert referral.safe_to_email and referral.safe_to_phone
    assert not referral.safe_to_text and not referral.safe_to_voicemail
    assert not referral.is_flagged
    events = CaseEvent.objects.filter(referral=referral)
    assert [event.action for event in events] == [CaseEventAction.SUBMITTED]
    kinds = set(OutboundEmail.objects.filter(referral=referral).values_list("kind", flat=True))
    assert kinds == {EmailKind.TEAM_NEW_REFERRAL, EmailKind.REFERRER_CONFIRMATION}
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "siobhan@example.com",
        "vig-team@example.invalid",
    ]


def test_confirmation_page_shows_reference_and_contact_by_date_but_no_personal_data(
    client, refer_url, referral_data
):
    send_referral(client, refer_url, referral_data)
    referral = Referral.objects.get()

    response = client.get(f"{refer_url}confirmation/")
    html = response.content.decode()

    assert response.status_code == 200
    assert referral.reference in html
    assert "panel--confirmation" in html
    assert "We will be in touch by" in html
    assert "What happens next" in html
    for value in ("Siobhán", "Aoife", "EH54", "siobhan@example.com", "456789"):
        assert value not in html


def test_confirmation_page_without_a_submission_sends_you_to_the_form(client, refer_url):
    response = client.get(f"{refer_url}confirmation/")
    assert response.status_code == 302
    assert response["Location"] == refer_url


def test_confirmation_page_is_not_reachable_by_reference(client, refer_url, referral_data):
    send_referral(client, refer_url, referral_data)
    reference = Referral.objects.get().reference
    other_client = type(client)()
    assert other_client.get(f"{refer_url}confirmation/").status_code == 302
    assert other_client.get(f"{refer_url}confirmation/{reference}/").status_code == 404


def test_valid_professional_referral_records_the_professional_and_confirms_to_them(
    client, professional_url, professional_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_referral(client, professional_url, professional_data)

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.kind == ReferralKind.PROFESSIONAL
    assert referral.professional_name == "Łukasz Kowalski"
    assert referral.family_agrees
    assert referral.professional_phone == "+441506282948"
    confirmation = OutboundEmail.objects.get(kind=EmailKind.REFERRER_CONFIRMATION)
    assert confirmation.state == EmailState.SENT
    to_professional = [m for m in mail.outbox if m.to == ["lukasz.kowalski@nhs.example"]]
    assert len(to_professional) == 1
    body = to_professional[0].body
    assert referral.reference in body
    assert "only in the ways they said are safe" in body
    assert "your family" not in body


def test_professional_referral_needs_the_family_to_agree(
    client, professional_url, professional_data
):
    professional_data.pop("family_agrees")
    response = send_referral(client, professional_url, professional_data)
    assert response.status_code == 200
    assert (
        "Confirm that the family knows about this referral and agrees to it"
        in response.content.decode()
    )
    assert not Referral.objects.exists()


def test_valid_enquiry_is_saved_with_history_reference_and_emails(
    client, enquiry_url, enquiry_data
):
    response = client.post(enquiry_url, enquiry_data)

    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert REFERENCE_RE.match(enquiry.reference)
    assert str(enquiry) == enquiry.reference
    assert enquiry.name == "王秀英"
    assert CaseEvent.objects.filter(enquiry=enquiry, action=CaseEventAction.SUBMITTED).count() == 1
    kinds = set(OutboundEmail.objects.values_list("kind", flat=True))
    assert kinds == {EmailKind.TEAM_NEW_ENQUIRY, EmailKind.ENQUIRY_CONFIRMATION}
    confirmation = client.get(f"{enquiry_url}confirmation/").content.decode()
    assert enquiry.reference in confirmation
    assert "王秀英" not in confirmation


def test_enquiry_question_longer_than_2000_characters_is_refused(client, enquiry_url, enquiry_data):
    enquiry_data["question"] = "a" * 2001
    html = client.post(enquiry_url, enquiry_data).content.decode()
    assert "Your question must be 2,000 characters or fewer" in html
    assert not Enquiry.objects.exists()


def test_enquiry_needs_a_way_to_reply(client, enquiry_url, enquiry_data):
    enquiry_data.update(email="", phone="")
    html = client.post(enquiry_url, enquiry_data).content.decode()
    assert "Enter an email address or a phone number so we can reply to you" in html
    assert not Enquiry.objects.exists()


def test_invalid_referral_shows_error_summary_linked_to_fields_and_keeps_values(
    client, refer_url, referral_data
):
    referral_data.update(
        contact_name="",
        postcode="EH54",
        child_date_of_birth_0="31",
        child_date_of_birth_1="2",
    )
    referral_data.pop("relationship")

    response = send_referral(client, refer_url, referral_data)
    html = response.content.decode()

    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    # In the order of the page.
    summary = html.split('class="error-summary__list"')[1].split("</ul>")[0]
    assert re.findall(r'<a href="([^"]+)">', summary) == [
        "#id_contact_name",
        "#id_relationship_0",
        "#id_postcode",
    ]
    assert '<a href="#id_contact_name">Enter your full name</a>' in html
    assert '<a href="#id_relationship_0">Select your relationship to the child</a>' in html
    assert '<a href="#id_postcode">Enter a real postcode, like EH54 6FF</a>' in html
    # The message sits by the field and the field points to it.
    assert 'id="id_postcode-error"' in html
    assert re.search(r'aria-describedby="[^"]*id_postcode-error', html)
    # What they typed is kept.
    assert 'value="EH54"' in html

    referral_data.update(contact_name="Siobhán", relationship="parent", postcode="EH54 6FF")
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert '<a href="#id_child_date_of_birth_0">' in html
    assert 'value="31"' in html
    assert not Referral.objects.exists()


def test_referral_needs_at_least_one_way_to_contact(client, refer_url, referral_data):
    referral_data.update(email="", phone="")
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert "Enter an email address or a phone number so we can contact you" in html
    assert not Referral.objects.exists()


def test_referral_needs_a_safe_way_that_matches_the_contact_details(
    client, refer_url, referral_data
):
    referral_data.update(phone="", safe_contact=["text"])
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert "Tick a safe way for us to contact you that matches the details you gave" in html
    assert not Referral.objects.exists()


def test_personal_fields_have_autocomplete_and_input_modes(client, refer_url, referral_data):
    answer_questions(client, refer_url, referral_data)
    html = "".join(client.get(url).content.decode() for url in question_urls(refer_url))
    assert re.search(
        r'name="contact_name"[^>]*autocomplete="name"|autocomplete="name"[^>]*name="contact_name"',
        html,
    )
    assert re.search(r'<input[^>]*autocomplete="email"[^>]*>', html)
    assert re.search(
        r'<input[^>]*type="tel"[^>]*autocomplete="tel"|autocomplete="tel"[^>]*type="tel"', html
    )
    assert 'autocomplete="postal-code"' in html
    # Safe ways to contact are ticked, as many as are safe; one preferred way is chosen.
    assert re.search(r'<input[^>]*name="safe_contact"[^>]*type="checkbox"', html)
    assert re.search(r'<input[^>]*name="preferred_contact"[^>]*type="radio"', html)
    assert 'inputmode="numeric"' in html
    assert 'spellcheck="false"' in html
    # The child's birthday is not the user's own: no bday autocomplete.
    assert "bday" not in html


@pytest.mark.parametrize("name", ["Siobhán Ní Bhriain", "Łukasz", "王秀英", "O'Neil-Smith"])
def test_names_from_many_languages_are_accepted(client, refer_url, referral_data, name):
    referral_data["contact_name"] = name
    assert send_referral(client, refer_url, referral_data).status_code == 302
    assert Referral.objects.get().contact_name == name


def test_html_is_stored_as_text_and_escaped_on_output(client, refer_url, referral_data):
    referral_data["what_to_change"] = "<script>alert(1)</script>"
    referral_data["postcode"] = "<b>EH54</b>"
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert "<b>EH54</b>" not in html
    assert "&lt;b&gt;EH54&lt;/b&gt;" in html

    referral_data["postcode"] = "EH54 6FF"
    accepted, check_page = answer_questions(client, refer_url, referral_data)
    html = client.get(check_page).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    send_from_check(client, refer_url)
    assert Referral.objects.get().what_to_change == "<script>alert(1)</script>"


def test_control_characters_are_stripped(client, refer_url, referral_data):
    referral_data["contact_name"] = "Ann\x00e\x07 Smith"
    referral_data["what_to_change"] = "Line one\r\nLine\x1b two"
    assert send_referral(client, refer_url, referral_data).status_code == 302
    referral = Referral.objects.get()
    assert referral.contact_name == "Anne Smith"
    assert referral.what_to_change == "Line one\nLine two"


def test_invisible_direction_and_zero_width_characters_are_stripped(
    client, refer_url, referral_data
):
    # "Ann" then a right-to-left override: "htimS" would show as "Smith" in a list or export.
    referral_data["contact_name"] = "Ann\u202e htimS\u200b"
    referral_data["child_first_name"] = "Ki\ufeffm\u2066"
    referral_data["school_or_nursery"] = "\u200fLittle Acorns\u2060"
    assert send_referral(client, refer_url, referral_data).status_code == 302
    referral = Referral.objects.get()
    assert referral.contact_name == "Ann htimS"
    assert referral.child_first_name == "Kim"
    assert referral.school_or_nursery == "Little Acorns"


def test_names_that_need_zero_width_joiners_keep_them(client, refer_url, referral_data):
    referral_data["contact_name"] = "می\u200cخواهم"  # Persian: the non-joiner is part of it
    assert send_referral(client, refer_url, referral_data).status_code == 302
    assert Referral.objects.get().contact_name == "می\u200cخواهم"


def test_text_longer_than_the_maximum_is_refused_by_the_server(client, refer_url, referral_data):
    referral_data["contact_name"] = "A" * 101
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert "Your full name must be 100 characters or fewer" in html
    assert not Referral.objects.exists()


def test_other_relationship_needs_a_description(client, refer_url, referral_data):
    referral_data["relationship"] = "other"
    html = send_referral(client, refer_url, referral_data).content.decode()
    assert "Tell us your relationship to the child" in html
    referral_data["relationship_other"] = "Aunt"
    assert send_referral(client, refer_url, referral_data).status_code == 302


def test_confirmation_page_keeps_the_leave_quickly_control(client, refer_url, referral_data):
    response = send_referral(client, refer_url, referral_data)
    html = client.get(response["Location"]).content.decode()
    assert "VIG-" in html
    assert "data-exit-this-page-link" in html


def test_the_confirmation_writes_no_session_and_lasts_an_hour(client, refer_url, referral_data):
    from django.contrib.sessions.models import Session

    response = send_referral(client, refer_url, referral_data)
    [cookie] = [c for name, c in response.cookies.items() if name.startswith("vig-confirmation")]
    assert cookie["max-age"] == 3600
    assert cookie["path"] == "/"  # so the quick exit can delete it (the name has the page id)
    assert cookie["httponly"]
    assert client.get(f"{refer_url}confirmation/").status_code == 200
    assert not Session.objects.exists()


def test_a_tampered_confirmation_cookie_shows_nothing(client, refer_url, referral_data):
    response = send_referral(client, refer_url, referral_data)
    name = next(n for n in response.cookies if n.startswith("vig-confirmation"))
    client.cookies[name] = client.cookies[name].value.replace("VIG-", "VIG-X")
    response = client.get(f"{refer_url}confirmation/")
    assert response.status_code == 302
    assert response["Location"] == refer_url
