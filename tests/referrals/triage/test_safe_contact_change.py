"""An officer who phones a family records a change of their safe contact on the case page: the
answers change, the history says what changed (never an address or a number) with the
officer's note, and everything downstream follows: a confirmation not yet sent by a way no
longer safe is cancelled with its address or number cleared, and the family's session reminders
go only by the ways now safe."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from referrals.cases.admin_urls import case_url
from referrals.casework import services as casework
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    Channel,
    CycleLocation,
    EmailKind,
    EmailState,
    OutboundEmail,
    RecipientRole,
    ReferralKind,
    ReferralStatus,
)
from referrals.outbox.notifications import outbox_message, outbox_text, queue_emails
from referrals.triage.errors import ConcurrentChangeError, WorkflowError
from referrals.triage.safe_contact_change import case_update_safe_contact
from tests.factories import EnquiryFactory, ReferralFactory

pytestmark = pytest.mark.django_db

# Wednesday 4 March 2026, 10:00 in London (GMT).
FROZEN = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
MONDAY = date(2026, 3, 9)
MOBILE = "+447123456789"  # a UK mobile: the only numbers texts go to
NOTE = "Phoned the parent: texts are no longer safe at home."


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: FROZEN)


def family(**fields):
    values = {
        "received_at": FROZEN - timedelta(days=2),
        "email": "parent@example.invalid",
        "phone": MOBILE,
        "safe_to_email": True,
        "safe_to_text": True,
        "safe_to_phone": True,
        "safe_to_voicemail": False,
        "preferred_contact": "",
        "may_name_team": True,
    }
    return ReferralFactory(**{**values, **fields})


def queue_confirmations(case):
    """The family's confirmation by email and by text, queued and not yet sent."""
    kind = EmailKind.REFERRER_CONFIRMATION
    role = RecipientRole.REFERRER
    return queue_emails(
        [
            outbox_message(kind=kind, case=case, recipient_role=role, to_address=case.email),
            outbox_text(kind=kind, case=case, recipient_role=role, to_phone=case.phone),
        ]
    )


def post_change(client, case, **fields):
    data = {
        "action": "safe_contact",
        "version": case.version,
        "safe_contact": ["email", "phone"],
        "preferred_contact": "",
        "may_name_team": "no",
        "change_note": NOTE,
        **fields,
    }
    return client.post(case_url(case), data)


def test_an_officer_records_a_change_of_safe_contact_from_the_case_page(officer_client):
    referral = family()
    page = officer_client.get(case_url(referral)).content.decode()
    assert 'name="action" value="safe_contact"' in page
    assert 'href="#safe-contact-change"' in page

    response = post_change(
        officer_client, referral, safe_contact=["email", "phone"], preferred_contact="phone"
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.safe_to_email, referral.safe_to_text, referral.safe_to_phone) == (
        True,
        False,
        True,
    )
    assert referral.preferred_contact == "phone"
    assert referral.may_name_team is False  # neither a text nor a voicemail is safe now
    assert referral.version == 2
    event = CaseEvent.objects.get(referral=referral, action=CaseEventAction.SAFE_CONTACT_CHANGED)
    assert "Text message: now not safe" in event.detail
    assert "Preferred way: No preference → Phone call" in event.detail
    assert NOTE in event.detail
    for personal in (referral.email, referral.phone, "07123", referral.contact_name):
        assert personal not in event.detail


def test_a_queued_confirmation_by_a_way_no_longer_safe_is_cancelled_and_its_number_cleared(
    officer,
):
    referral = family()
    by_email, by_text = queue_confirmations(referral)

    case_update_safe_contact(case=referral, by=officer, safe_ways=["email", "phone"], note=NOTE)

    by_email.refresh_from_db()
    by_text.refresh_from_db()
    assert (by_text.state, by_text.to_phone) == (EmailState.CANCELLED, "")
    assert (by_email.state, by_email.to_address) == (EmailState.QUEUED, referral.email)
    event = CaseEvent.objects.get(referral=referral, action=CaseEventAction.SAFE_CONTACT_CHANGED)
    assert "confirmation not yet sent" in event.detail


def test_a_sent_confirmation_is_left_as_it_was(officer):
    referral = family()
    _by_email, by_text = queue_confirmations(referral)
    OutboundEmail.objects.filter(pk=by_text.pk).update(state=EmailState.SENT, to_phone="")

    case_update_safe_contact(case=referral, by=officer, safe_ways=["email"], note=NOTE)

    by_text.refresh_from_db()
    assert by_text.state == EmailState.SENT


def test_a_professionals_own_confirmation_is_never_cancelled(officer):
    referral = family(kind=ReferralKind.PROFESSIONAL, professional_email="hv@nhs.example")
    (confirmation,) = queue_emails(
        [
            outbox_message(
                kind=EmailKind.REFERRER_CONFIRMATION,
                case=referral,
                recipient_role=RecipientRole.REFERRER,
                to_address=referral.professional_email,
            )
        ]
    )

    case_update_safe_contact(case=referral, by=officer, safe_ways=["phone"], note=NOTE)

    confirmation.refresh_from_db()
    assert confirmation.state == EmailState.QUEUED


def test_pending_reminders_follow_the_new_answers(officer, guider):
    referral = family(
        status=ReferralStatus.ALLOCATED,
        guider=guider,
        received_at=FROZEN - timedelta(days=60),
        safe_to_text=False,
    )
    casework.save_cycle(
        referral=referral, by=guider, number=None, location=CycleLocation.HOME, filmed_on=MONDAY
    )
    reminders = OutboundEmail.objects.filter(referral=referral, kind=EmailKind.SESSION_REMINDER)
    assert [(r.channel, r.state) for r in reminders] == [(Channel.EMAIL, EmailState.QUEUED)]

    referral.refresh_from_db()
    case_update_safe_contact(
        case=referral, by=officer, safe_ways=["text", "phone"], preferred_contact="text", note=NOTE
    )

    states = {(r.channel, r.state) for r in reminders.all()}
    assert states == {(Channel.EMAIL, EmailState.CANCELLED), (Channel.TEXT, EmailState.QUEUED)}
    cancelled = reminders.get(channel=Channel.EMAIL)
    assert cancelled.to_address == ""


def test_an_enquiry_s_safe_contact_can_be_changed_too(officer_client):
    enquiry = EnquiryFactory(phone=MOBILE, safe_to_email=True, safe_to_text=False)
    response = post_change(officer_client, enquiry, safe_contact=["email", "text"])
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.safe_to_text


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"change_note": "  "}, "change_note", "Say how you learned of the change"),
        (
            {"safe_contact": ["email"], "preferred_contact": "phone"},
            "preferred_contact",
            "Choose a way you ticked as safe",
        ),
        ({"preferred_contact": "carrier pigeon"}, "preferred_contact", ""),
    ],
)
def test_a_mistake_is_shown_next_to_its_field_with_what_was_typed_kept(
    officer_client, fields, field, message
):
    referral = family()
    response = post_change(officer_client, referral, **fields)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_safe_contact-{field}_error"' in html
    assert message in html
    if fields.get("change_note", NOTE) == NOTE:
        assert NOTE in html  # what the officer typed is kept
    referral.refresh_from_db()
    assert referral.version == 1 and referral.safe_to_text


def test_a_way_the_case_has_no_details_for_cannot_be_made_safe(officer):
    referral = family(phone="", safe_to_text=False, safe_to_phone=False)
    with pytest.raises(WorkflowError) as error:
        case_update_safe_contact(case=referral, by=officer, safe_ways=["email", "text"], note=NOTE)
    assert error.value.field == "safe_contact"


def test_no_change_at_all_is_refused(officer):
    referral = family()
    with pytest.raises(WorkflowError):
        case_update_safe_contact(
            case=referral,
            by=officer,
            safe_ways=["email", "text", "phone"],
            may_name_team=True,
            note=NOTE,
        )


def test_a_stale_version_is_refused(officer):
    referral = family()
    with pytest.raises(ConcurrentChangeError):
        case_update_safe_contact(
            case=referral, by=officer, safe_ways=["email"], note=NOTE, expected_version=7
        )


def test_a_manager_may_record_the_change(manager_client):
    referral = family()
    assert post_change(manager_client, referral).status_code == 302


def test_a_guider_cannot_change_the_safe_contact_even_of_their_own_family(guider, client):
    """A VIG Guider records casework, not the case's answers (no right to change the case)."""
    referral = family(status=ReferralStatus.ALLOCATED, guider=guider)
    client.force_login(guider)
    page = client.get(case_url(referral)).content.decode()
    assert 'value="safe_contact"' not in page
    refused = post_change(client, referral)
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    with pytest.raises(PermissionDenied):
        case_update_safe_contact(case=referral, by=guider, safe_ways=["email"], note=NOTE)
    referral.refresh_from_db()
    assert referral.safe_to_text
