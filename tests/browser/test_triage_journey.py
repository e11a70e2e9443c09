"""A triage officer picks up a family's referral in the Wagtail admin; an editor cannot see it."""

import pytest
from django.contrib.auth import get_user_model

from referrals.models import Referral, ReferralStatus

from .journeys import CHILD_NAME, PARENT_NAME, log_in, send_self_referral

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFERRALS_LIST = "/admin/referrals/referral/"
NOTE = "Phoned the parent by the safe number; first visit being arranged."


@pytest.fixture
def reference(open_page, site_data):
    """A referral sent by a parent through the public form, as the parent journey does."""
    forms = site_data["forms"]
    if "refer" not in forms:  # pragma: no cover - only before the intake forms exist
        pytest.skip("the referral form page does not exist yet")
    return send_self_referral(open_page("/"), forms["refer"].get_url())


def open_action(admin, label):
    """Unfold one of "What you can do now" (the only one available comes unfolded)."""
    details = admin.page.locator("details.triage-action", has_text=label)
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_officer_finds_the_referral_reviews_assigns_notes_and_sees_the_history(
    open_page, reference
):
    officer = get_user_model().objects.get(username="officer")
    admin = open_page("/admin/login/")
    log_in(admin, "officer", "vig-demo-officer")

    # Find it by its reference.
    admin.goto(REFERRALS_LIST)
    search = admin.page.locator("input[name=q]").first
    search.fill(reference)
    with admin.page.expect_navigation():
        search.press("Enter")
    with admin.page.expect_navigation():
        admin.page.get_by_role("link", name=reference).click()
    main = admin.page.locator("main")
    assert reference in main.inner_text()
    assert PARENT_NAME in main.inner_text() and CHILD_NAME in main.inner_text()
    # Safe contact is the first thing the officer reads about the family.
    assert "Safe contact" in admin.page.locator("main h2").first.inner_text()

    # Move it to Under review.
    open_action(admin, "Start review")
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Start review").click()
    assert "is now “Under review”" in admin.page.locator(".messages").inner_text()

    # Assign it to themselves.
    open_action(admin, "Assign to a triage officer")
    admin.page.get_by_label("Assign to").select_option(str(officer.pk))
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Assign", exact=True).click()
    assert "is assigned to" in admin.page.locator(".messages").inner_text()

    # Add a note.
    admin.page.get_by_label("Add a note").fill(NOTE)
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Save note").click()
    assert "note" in admin.page.locator(".messages").inner_text().lower()

    history = admin.page.locator(".triage-history").inner_text()
    assert "New → Under review" in history
    assert "Assigned" in history
    assert "Note added" in history
    assert NOTE in admin.page.locator(".triage-notes").inner_text()

    referral = Referral.objects.get(reference=reference)
    assert referral.status == ReferralStatus.UNDER_REVIEW
    assert referral.assigned_to == officer


def test_editor_cannot_open_a_referral(open_page, reference):
    inspect_url = f"{REFERRALS_LIST}inspect/{Referral.objects.get(reference=reference).pk}/"
    admin = open_page("/admin/login/")
    log_in(admin, "editor", "vig-demo-editor")
    for path in (REFERRALS_LIST, inspect_url):
        admin.goto(path)
        text = admin.page.locator("body").inner_text()
        assert reference not in text, path
        assert PARENT_NAME not in text and CHILD_NAME not in text, path
        assert admin.path.rstrip("/") == "/admin" or admin.status == 403, admin.path
