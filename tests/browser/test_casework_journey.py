"""A VIG Guider works with an allocated family in the admin: records consent, two goals and three
cycles, rates the goals after a review and ends the work, which closes the case."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from referrals.models import Intervention, Outcome, ReferralStatus
from tests.factories import ReferralFactory

from .journeys import log_in
from .support import AXE_OPTIONS, _axe, format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TODAY = timezone.localdate()


def iso(days_ago):
    return (TODAY - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def family(site_data):
    guider = get_user_model().objects.get(username="guider")
    return ReferralFactory(
        status=ReferralStatus.ALLOCATED,
        guider=guider,
        received_at=timezone.now() - timedelta(days=90),
    )


def submit(admin, key, fields, button):
    """Unfold one form of "Working with the family", fill it in and send it."""
    details = admin.page.locator(f"details#{key}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for label, value in fields:
        field = details.get_by_label(label, exact=True)
        if value is True:
            field.check()
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with admin.page.expect_navigation():
        details.get_by_role("button", name=button).click()
    return admin.page.locator(".messages").inner_text()


def assert_no_axe_violations(admin, label):
    """Our casework section (Wagtail's own admin chrome around it is not ours to change)."""
    results = _axe.run(admin.page, context="#casework", options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{label}: {format_violations(violations)}"


def test_a_guider_records_consent_goals_and_three_cycles_then_ends_the_work(open_page, family):
    admin = open_page("/admin/login/")
    log_in(admin, "guider", "vig-demo-guider")
    assert "Your families" in admin.page.locator("main").inner_text()
    with admin.page.expect_navigation():
        admin.page.get_by_role("link", name=family.reference).click()
    assert "Working with the family" in admin.page.locator("#casework").inner_text()
    assert_no_axe_violations(admin, "case page")
    admin.page.locator("#casework").scroll_into_view_if_needed()
    admin.screenshot("casework-start")

    message = submit(
        admin,
        "casework-consent",
        [
            ("Parent or carer", True),
            ("Date consent was given", iso(60)),
            ("The intervention only", True),
        ],
        "Record consent to filming",
    )
    assert "Consent to filming recorded" in message

    for text, rating in (("Calmer mornings before school", "2"), ("Enjoy reading together", "4")):
        message = submit(
            admin,
            "casework-goal",
            [
                ("The goal, in the family's own words", text),
                ("How far is it met now? (0 to 10)", rating),
                ("Date of the rating", iso(58)),
            ],
            "Add a goal",
        )
        assert "recorded" in message

    for number, (filmed, reviewed) in enumerate(((50, 45), (35, 30), (20, 15)), start=1):
        message = submit(
            admin,
            "casework-cycle_new",
            [
                ("At home", True),
                ("Filming date", iso(filmed)),
                ("Shared review date", iso(reviewed)),
                ("Status", "done"),
            ],
            "Add the cycle",
        )
        assert f"Cycle {number} saved" in message

    # A mistake is shown by its field: a review before its filming.
    submit(
        admin,
        "casework-cycle_new",
        [("At home", True), ("Filming date", iso(5)), ("Shared review date", iso(8))],
        "Add the cycle",
    )
    assert "3 cycles are offered" in admin.page.locator("#casework-cycle_new").inner_text()
    assert_no_axe_violations(admin, "error state")

    submit(
        admin,
        "casework-ratings",
        [("After the review of", "1"), ("Date of the ratings", iso(44))]
        + [
            (label, "5")
            for label in (
                "Goal 1: Calmer mornings before school",
                "Goal 2: Enjoy reading together",
            )
        ],
        "Save the ratings",
    )
    cycles = admin.page.locator(".triage-cycles").inner_text()
    assert cycles.count("Done") == 3
    admin.page.locator("#casework").scroll_into_view_if_needed()
    admin.screenshot("casework-three-cycles")

    message = submit(
        admin,
        "casework-end",
        [
            ("Completed", True),
            ("Date the work ended", iso(10)),
            ("Final rating, goal 1: Calmer mornings before school", "8"),
            ("Final rating, goal 2: Enjoy reading together", "7"),
            ("How helpful did the family find it? (optional)", "5"),
        ],
        "End the work and close the case",
    )
    assert "is closed" in message
    goals = admin.page.locator(".triage-goals").inner_text()
    assert "+6 (reliable change)" in goals
    assert_no_axe_violations(admin, "closed case")
    admin.page.locator("#casework").scroll_into_view_if_needed()
    admin.screenshot("casework-closed")

    family.refresh_from_db()
    assert family.status == ReferralStatus.CLOSED
    intervention = Intervention.objects.get(referral=family)
    assert intervention.outcome == Outcome.COMPLETED
    assert intervention.cycles.count() == 3
    assert not [p for p in admin.problems() if "status of 5" in p]
