"""The waiting list and the allocation form in a real browser (issue 24): axe-core finds nothing
on either, before or after a mistake, and an officer allocates the first family on the list to
a VIG Guider with room."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from referrals.models import GuiderCapacity, ReferralStatus
from tests.factories import ReferralFactory, UserFactory

from .journeys import log_in
from .support import format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAITING_LIST = "/admin/referrals/waiting-list/"


@pytest.fixture
def waiting_families(site_data):
    """Four accepted families; the demo's Guider has room for one, another Guider is full."""
    now = timezone.now()
    grace = get_user_model().objects.get(username="guider")
    GuiderCapacity.objects.update_or_create(guider=grace, defaults={"families": 1})
    full = UserFactory(guider=True, first_name="Fay", last_name="Full")
    GuiderCapacity.objects.create(guider=full, families=1)
    ReferralFactory(status=ReferralStatus.ALLOCATED, guider=full)
    return [
        ReferralFactory(
            status=ReferralStatus.ACCEPTED,
            status_changed_at=now - timedelta(days=20 - i),
            priority=i == 3,
        )
        for i in range(4)
    ]


@pytest.fixture
def officer_page(open_page, waiting_families):
    page = open_page("/admin/login/")
    log_in(page, "officer", "vig-demo-officer")
    return page


def assert_no_violations(page):
    violations = page.axe_violations()  # once Wagtail's message has faded in
    assert violations == [], format_violations(violations)


def test_the_waiting_list_has_no_accessibility_violations(officer_page, waiting_families):
    officer_page.goto(WAITING_LIST)
    first = officer_page.page.locator("table.listing tbody tr").first
    assert waiting_families[3].reference in first.inner_text()  # priority first
    assert_no_violations(officer_page)

    # A priority change without a reason: the error next to the field, still no violation.
    row = officer_page.page.locator("table.listing tbody tr").nth(1)
    row.locator("summary").click()
    with officer_page.page.expect_navigation():
        row.get_by_role("button").click()
    assert "Give the reason for the change of priority." in officer_page.page.content()
    assert_no_violations(officer_page)
    officer_page.screenshot("waiting-list")
    assert officer_page.horizontal_overflow() == 0


def test_an_officer_allocates_the_first_family_to_a_guider_with_room(
    officer_page, waiting_families
):
    page = officer_page.page
    officer_page.goto(WAITING_LIST)
    with page.expect_navigation():
        page.locator("table.listing tbody tr").first.get_by_role("link").click()
    allocate = page.locator("details#transition-allocated")
    if not allocate.evaluate("(el) => el.open"):
        allocate.locator("summary").click()
    assert_no_violations(officer_page)

    # The full Guider without a reason: refused next to the reason box, the choice kept.
    select = allocate.get_by_label("VIG Guider", exact=True)
    select.select_option(label="Fay Full: 1 of 1 families (full)")
    with page.expect_navigation():
        allocate.get_by_role("button").click()
    allocate = page.locator("details#transition-allocated")
    assert "as many as their capacity" in allocate.inner_text()
    assert_no_violations(officer_page)

    select = allocate.get_by_label("VIG Guider", exact=True)
    select.select_option(label="Grace Guider: 0 of 1 families (room for 1)")
    with page.expect_navigation():
        allocate.get_by_role("button").click()
    assert "is now “Allocated to a VIG Guider”" in page.content()
    first = waiting_families[3]
    first.refresh_from_db()
    assert first.status == ReferralStatus.ALLOCATED
    # The refused allocation answered 400, as a form with a mistake does; nothing else failed.
    assert [p for p in officer_page.problems() if "status of 400" not in p] == []


def test_a_managers_dashboard_panel_has_no_accessibility_violations(open_page, waiting_families):
    page = open_page("/admin/login/")
    log_in(page, "manager", "vig-demo-manager")
    panel = page.page.locator("#waiting-list-section, [id^='waiting-list']").first
    assert "Families waiting for a VIG Guider" in panel.inner_text()
    assert_no_violations(page)
