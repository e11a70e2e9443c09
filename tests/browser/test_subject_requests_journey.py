"""A Manager answers a parent's subject access request and then their erasure request, as they
would in the admin: find the cases, open the copy to print, download it as JSON, erase."""

import json

import pytest

from referrals.cases.kinds import ERASED_TEXT
from referrals.models import Referral, SubjectRequest
from tests.factories import EnquiryFactory, ReferralFactory

from .journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "robin.example@example.invalid"


@pytest.fixture
def cases(site_data):
    referral = ReferralFactory(contact_name="Robin Example", email=EMAIL, child_first_name="Kit")
    enquiry = EnquiryFactory(name="Robin Example", email=EMAIL, question="How long is the wait?")
    other = ReferralFactory(contact_name="Someone Else")
    return referral, enquiry, other


def find_by_email(admin):
    admin.page.get_by_label("Email address").fill(EMAIL)
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Find cases").click()


def test_a_manager_gives_a_copy_then_erases_a_parents_details(open_page, cases, tmp_path):
    referral, enquiry, other = cases
    admin = open_page("/admin/login/")
    log_in(admin, "manager", "vig-demo-manager")

    # From the menu: Referrals > Subject requests.
    admin.page.get_by_role("button", name="Referrals").click()
    with admin.page.expect_navigation():
        admin.page.get_by_role("link", name="Subject requests").click()
    assert "Subject access and erasure requests" in admin.page.locator("h1").inner_text()

    find_by_email(admin)
    results = admin.page.locator("#matches-heading").locator("..").inner_text()
    assert "2 cases found" in results
    assert referral.reference in results and enquiry.reference in results
    assert other.reference not in results
    assert EMAIL not in admin.page.url  # what was typed never goes into the address

    # The copy to print opens in a new tab.
    with admin.page.context.expect_page() as opened:
        admin.page.get_by_role("button", name="Open the copy to print").click()
    copy = opened.value
    copy.wait_for_load_state()
    text = copy.locator("main").inner_text()
    assert "What we hold about you" in text
    assert "Robin Example" in text and "How long is the wait?" in text
    assert "Who has seen it" in text
    copy.close()

    # The same as JSON, downloaded.
    with admin.page.expect_download() as download:
        admin.page.get_by_role("button", name="Download the copy as JSON").click()
    path = tmp_path / "copy.json"
    download.value.save_as(path)
    document = json.loads(path.read_text())
    assert {case["reference"] for case in document["cases"]} == {
        referral.reference,
        enquiry.reference,
    }

    # Then the erasure: a confirmation step, and a reason is required.
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Erase their details…").click()
    assert "This cannot be undone" in admin.page.locator("main").inner_text()
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Erase now").click()
    reason = admin.page.get_by_label("Why the details are being erased")
    assert "Give the reason for the erasure." in admin.page.locator("main").inner_text()
    reason.fill("Asked by email; the family has moved away.")
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Erase now").click()
    assert "Personal details erased from 2 cases" in admin.page.locator(".messages").inner_text()

    # Searching again finds nothing; the case page says what happened.
    find_by_email(admin)
    assert "0 cases found" in admin.page.locator("main").inner_text()
    admin.goto(f"/admin/referrals/referral/inspect/{referral.pk}/")
    main = admin.page.locator("main").inner_text()
    assert "at the person's request" in main
    assert "Robin Example" not in main

    referral.refresh_from_db()
    assert referral.contact_name == ERASED_TEXT
    assert Referral.objects.get(pk=other.pk).contact_name == "Someone Else"
    assert list(SubjectRequest.objects.values_list("kind", flat=True).order_by("id")) == [
        "access",
        "access",
        "erasure",
    ]
    # The only failed loads: the refused erasure without a reason (400) and the download.
    assert not [problem for problem in admin.problems() if "status of 5" in problem]
