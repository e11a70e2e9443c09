"""Demo triage data and the retention policy."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from home.demo import site as demo_site
from referrals.cases import selectors
from referrals.cases.admin_urls import case_url
from referrals.cases.references import REFERENCE_RE
from referrals.demo import cases as demo_cases
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    CaseNote,
    Enquiry,
    EnquiryStatus,
    Referral,
    ReferralStatus,
)
from tests.factories import EnquiryFactory, ReferralFactory


def test_demo_accounts_cover_every_staff_role(db):
    demo_site.ensure_accounts(demo_cases.DEMO_ACCOUNTS)
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["officer"].has_perm("referrals.change_referral")
    assert not users["officer"].has_perm("referrals.export_referral")
    assert users["manager"].has_perm("referrals.export_referral")
    assert users["guider"].has_perm("referrals.view_referral")
    assert not users["guider"].has_perm("referrals.change_referral")
    assert users["officer"].email == "officer@example.invalid"


def test_demo_cases_cover_every_status_and_flag_once(db):
    demo_site.ensure_accounts(demo_cases.DEMO_ACCOUNTS)

    created = demo_cases.setup_cases()

    assert 25 <= created <= 150  # the triage queue, and a year of earlier families
    assert demo_cases.setup_cases() == 0
    assert Referral.objects.count() + Enquiry.objects.count() == created
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert set(Enquiry.objects.values_list("status", flat=True)) == set(EnquiryStatus.values)
    assert Referral.objects.filter(flagged_possible_spam=True).exists()
    assert Referral.objects.filter(flagged_not_verified=True).exists()
    assert Referral.objects.filter(selectors.unsafe_to_email_q()).exists()
    assert Referral.objects.filter(selectors.overdue_q()).exists()
    for case in [*Referral.objects.all(), *Enquiry.objects.all()]:
        assert REFERENCE_RE.match(case.reference)
        assert case.received_at <= timezone.now()
    assert CaseEvent.objects.filter(action=CaseEventAction.SUBMITTED).count() == created


def closed(factory, days_ago, **fields):
    return factory(status="closed", closed_at=timezone.now() - timedelta(days=days_ago), **fields)


def test_retention_anonymises_old_closed_cases_and_keeps_reference_status_and_dates(
    db, settings, officer
):
    settings.RETENTION_CLOSED_DAYS = 730
    old = closed(ReferralFactory, 800, contact_name="Rowan Fictional", postcode="EH99 9ZZ")
    CaseNote.objects.create(referral=old, author=officer, text="Spoke to Rowan.")
    recent = closed(ReferralFactory, 100)
    open_case = ReferralFactory(received_at=timezone.now() - timedelta(days=900))
    old_enquiry = closed(EnquiryFactory, 800, name="Juniper Fictional")

    call_command("apply_retention")

    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert "Rowan" not in old.contact_name
    assert old.email == old.phone == ""
    assert old.postcode == "EH99"
    assert old.status == "closed" and old.closed_at is not None
    assert "Rowan" not in CaseNote.objects.get(referral=old).text
    assert CaseEvent.objects.filter(referral=old, action=CaseEventAction.ANONYMISED).exists()
    old_enquiry.refresh_from_db()
    assert "Juniper" not in old_enquiry.name
    for untouched in (recent, open_case):
        untouched.refresh_from_db()
        assert untouched.anonymised_at is None


def test_retention_dry_run_changes_nothing(db, capsys):
    old = closed(ReferralFactory, 800)

    call_command("apply_retention", "--dry-run")

    old.refresh_from_db()
    assert old.anonymised_at is None
    assert "1 closed referrals would be anonymised" in capsys.readouterr().out


@pytest.mark.parametrize("runs", [2])
def test_retention_is_safe_to_run_again(db, runs):
    old = closed(ReferralFactory, 800)
    for _ in range(runs):
        call_command("apply_retention")
    assert CaseEvent.objects.filter(referral=old, action=CaseEventAction.ANONYMISED).count() == 1


def test_only_managers_can_apply_retention_from_the_admin(client, officer, manager):
    from django.urls import reverse

    old = closed(ReferralFactory, 800)
    url = reverse("referrals_retention")
    client.force_login(officer)
    denied = client.post(url)
    assert denied.status_code == 302 and denied["Location"] == reverse("wagtailadmin_home")
    old.refresh_from_db()
    assert old.anonymised_at is None

    client.force_login(manager)
    page = client.get(url)
    assert page.status_code == 200
    assert "<strong>1</strong> closed referrals" in page.content.decode()
    done = client.post(url, follow=True)
    assert "Personal details removed from 1 closed case" in done.content.decode()
    old.refresh_from_db()
    assert old.anonymised_at is not None
    event = CaseEvent.objects.get(referral=old, action=CaseEventAction.ANONYMISED)
    assert event.actor == manager


def test_an_anonymised_referral_still_opens_and_says_what_happened(client, manager):

    from referrals.triage.services import case_anonymise

    old = case_anonymise(case=closed(ReferralFactory, 800, contact_name="Rowan Fictional"))
    client.force_login(manager)

    response = client.get(case_url(old))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Personal details were removed" in html
    assert old.reference in html
    assert "Rowan" not in html
