"""The case detail page: what an officer reads first, the actions, notes, history and audit."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from referrals.cases import audit
from referrals.cases.admin_urls import case_url
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    CaseNote,
    EmailKind,
    OutboundEmail,
    ReferralKind,
    ReferralStatus,
)
from tests.factories import EnquiryFactory, ReferralFactory


def detail_url(case):
    return case_url(case)


def test_safe_contact_answers_come_before_everything_submitted(client, officer):
    referral = ReferralFactory(
        safe_to_email=False,
        safe_to_voicemail=False,
        kind=ReferralKind.PROFESSIONAL,
        professional_organisation="Fictional Primary School",
        what_to_change="Bedtimes are hard for us both.",
    )
    client.force_login(officer)

    html = client.get(detail_url(referral)).content.decode()

    safe = html.index("Safe contact")
    assert "<strong>Email:</strong> <strong>NOT safe</strong>" in html
    assert "<strong>Voicemail:</strong> <strong>NOT safe</strong>" in html
    reading_order = [
        referral.contact_name,
        referral.child_first_name,
        "Bedtimes are hard for us both.",
        "Fictional Primary School",
    ]
    positions = [html.index(text) for text in reading_order]
    assert safe < positions[0]
    assert positions == sorted(positions)


def test_viewing_a_referral_is_recorded_in_the_audit_log(client, officer, referral):
    client.force_login(officer)

    client.get(detail_url(referral))

    entry = ModelLogEntry.objects.get(action=audit.VIEW, object_id=str(referral.pk))
    assert entry.user == officer
    assert entry.label == referral.reference


def test_officer_moves_a_referral_through_the_workflow_from_the_page(client, officer, guider):
    referral = ReferralFactory()
    client.force_login(officer)
    url = detail_url(referral)

    steps = [
        {"to": "under_review"},
        {"to": "accepted", "note": "Meets the criteria"},
        {"to": "allocated", "guider": guider.pk},
        {"to": "closed"},
    ]
    for step in steps:
        referral.refresh_from_db()
        response = client.post(
            url, {"action": "transition", "version": referral.version, **step}, follow=True
        )
        assert response.status_code == 200
        referral.refresh_from_db()
        assert referral.status == step["to"]
        assert f"is now “{referral.get_status_display()}”" in response.content.decode()

    history = response.content.decode()
    assert "Meets the criteria" in history
    assert "VIG Guider allocated" in history
    assert list(
        CaseEvent.objects.filter(
            referral=referral, action=CaseEventAction.STATUS_CHANGED
        ).values_list("to_status", flat=True)
    ) == ["under_review", "accepted", "allocated", "closed"]
    assert (
        ModelLogEntry.objects.filter(action=audit.TRANSITION, object_id=str(referral.pk)).count()
        == 4
    )


def test_declining_without_a_reason_shows_the_error_by_the_field_and_keeps_the_typing(
    client, officer
):
    referral = ReferralFactory(status=ReferralStatus.UNDER_REVIEW)
    client.force_login(officer)

    response = client.post(
        detail_url(referral),
        {
            "action": "transition",
            "to": "declined",
            "version": referral.version,
            "signposted_to": "Family support service",
            "decline_reason": "",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the reason for declining." in html
    assert 'value="Family support service"' in html
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.UNDER_REVIEW


def test_a_change_made_on_a_stale_page_is_refused_with_a_message(client, officer, officer2):
    referral = ReferralFactory(status=ReferralStatus.UNDER_REVIEW)
    stale_version = referral.version
    client.force_login(officer2)
    client.post(
        detail_url(referral),
        {"action": "transition", "to": "accepted", "version": stale_version},
    )
    client.force_login(officer)

    response = client.post(
        detail_url(referral),
        {"action": "transition", "to": "needs_information", "version": stale_version},
    )

    assert response.status_code in (302, 409)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_a_stale_assignment_is_refused_with_409(client, officer, officer2):
    referral = ReferralFactory()
    client.force_login(officer)
    client.post(
        detail_url(referral),
        {"action": "assign", "officer": officer.pk, "version": referral.version},
    )

    response = client.post(
        detail_url(referral),
        {"action": "assign", "officer": officer2.pk, "version": referral.version},
    )

    assert response.status_code == 409
    assert "Someone else changed" in response.content.decode()
    referral.refresh_from_db()
    assert referral.assigned_to == officer


def test_assigning_emails_the_officer_the_reference_and_link_only(
    client, officer, officer2, django_capture_on_commit_callbacks
):
    referral = ReferralFactory(contact_name="Wren Fictional", postcode="EH99 1AA")
    client.force_login(officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url(referral),
            {"action": "assign", "officer": officer2.pk, "version": referral.version},
            follow=True,
        )

    assert "assigned to Officer2 Tester" in response.content.decode()
    referral.refresh_from_db()
    assert referral.assigned_to == officer2
    message = OutboundEmail.objects.get(kind=EmailKind.OFFICER_ASSIGNED)
    assert message.to_address == officer2.email
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [officer2.email]
    body = email.body + email.alternatives[0][0] + email.subject
    assert referral.reference in email.subject
    assert f"http://testserver/admin/referrals/referral/inspect/{referral.pk}/" in body
    for personal in ("Wren", "EH99", referral.email, referral.child_first_name):
        assert personal not in body
    assert CaseEvent.objects.filter(referral=referral, action=CaseEventAction.ASSIGNED).exists()


def test_only_triage_officers_can_be_assigned(client, officer, guider):
    referral = ReferralFactory()
    client.force_login(officer)

    response = client.post(
        detail_url(referral), {"action": "assign", "officer": guider.pk, "version": 1}
    )

    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.assigned_to is None


def test_notes_are_added_with_author_and_time_and_cannot_be_blank(client, officer, referral):
    client.force_login(officer)

    blank = client.post(detail_url(referral), {"action": "note", "text": "   "})
    saved = client.post(
        detail_url(referral), {"action": "note", "text": "Left a message."}, follow=True
    )

    assert blank.status_code == 400
    assert "Write the note before saving it." in blank.content.decode()
    note = CaseNote.objects.get(referral=referral)
    assert (note.author, note.text) == (officer, "Left a message.")
    html = saved.content.decode()
    assert "Left a message." in html
    assert "Notes cannot be edited after saving" in html
    assert CaseEvent.objects.filter(referral=referral, action=CaseEventAction.NOTE_ADDED).exists()


def test_guider_sees_their_referral_without_any_triage_actions(client, guider):
    """They record their casework (Working with the family) but change nothing of triage."""
    referral = ReferralFactory(status=ReferralStatus.ALLOCATED, guider=guider)
    client.force_login(guider)

    html = client.get(detail_url(referral)).content.decode()

    assert referral.contact_name in html
    for triage_action in ("transition", "assign", "note"):
        assert f'name="action" value="{triage_action}"' not in html
    assert 'name="action" value="consent"' in html


@pytest.mark.parametrize(
    ("role", "sees_entries"), [("editor", False), ("guider", False), ("officer", True)]
)
def test_referral_audit_entries_are_visible_only_with_referral_permissions(
    client, request, role, sees_entries, officer
):
    referral = ReferralFactory()
    client.force_login(officer)
    client.get(detail_url(referral))
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("wagtailadmin_reports:site_history"))

    html = response.content.decode() if response.status_code == 200 else ""
    assert (referral.reference in html) is sees_entries


def test_enquiry_detail_shows_the_question_and_can_be_answered(client, officer):
    enquiry = EnquiryFactory(question="Can my partner come to the sessions too?")
    client.force_login(officer)
    url = case_url(enquiry)

    assert "Can my partner come" in client.get(url).content.decode()
    client.post(url, {"action": "transition", "to": "answered", "version": enquiry.version})

    enquiry.refresh_from_db()
    assert enquiry.status == "answered"


def test_referral_log_actions_are_registered_with_readable_labels():
    from wagtail.log_actions import registry

    for action in (audit.VIEW, audit.EXPORT, audit.TRANSITION, audit.ASSIGN, audit.NOTE):
        assert registry.action_exists(action)
    assert registry.get_action_label(audit.VIEW) == "View case"


def test_officer_sees_who_viewed_a_referral_in_the_site_history(client, officer, referral):
    client.force_login(officer)
    client.get(detail_url(referral))

    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()

    assert referral.reference in html
    assert "View case" in html or "Viewed the case" in html


def test_guiders_have_no_site_history_report(client, guider):
    client.force_login(guider)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code in (302, 403)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_reports:site_history") not in menu
