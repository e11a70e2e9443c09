"""An officer who has phoned a family records a change of their safe contact on the case page:
a mistake is shown next to its field with what was ticked kept, the form has no accessibility
violation, and once saved the safe-contact box and the history say what changed."""

import pytest

from referrals.cases.admin_urls import case_url
from tests.factories import ReferralFactory

from .journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTE = "Phoned the parent: texts are no longer safe at home."


def test_an_officer_records_that_texts_are_no_longer_safe(open_page, site_data):
    referral = ReferralFactory(
        phone="+447123456789",
        safe_to_email=True,
        safe_to_text=True,
        safe_to_phone=True,
        preferred_contact="",
        may_name_team=False,
    )
    admin = open_page("/admin/login/")
    log_in(admin, "officer", "vig-demo-officer")
    admin.goto(case_url(referral))
    page = admin.page

    # The safe-contact box links to the form, which unfolds.
    page.get_by_role("link", name="Record a change of safe contact").click()
    form = page.locator("#safe-contact-change")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.get_by_role("checkbox", name="Text message").uncheck()

    # Saved without the note: refused next to the field, the unticked box kept unticked.
    with page.expect_navigation():
        form.get_by_role("button", name="Save the change of safe contact").click()
    form = page.locator("#safe-contact-change")
    assert form.get_attribute("open") is not None
    assert "Say how you learned of the change" in form.locator(".error-message").inner_text()
    assert not form.get_by_role("checkbox", name="Text message").is_checked()
    assert form.get_by_role("checkbox", name="Email", exact=True).is_checked()
    violations = admin.axe_violations()
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]

    form.get_by_label("How you learned of the change").fill(NOTE)
    with page.expect_navigation():
        form.get_by_role("button", name="Save the change of safe contact").click()
    assert "safe contact" in page.locator(".messages").inner_text()
    box = page.locator(".triage-safe-contact").inner_text()
    assert "Text message: NOT safe" in box
    history = page.locator(".triage-history").inner_text()
    assert "Safe contact changed" in history
    assert "Text message: now not safe" in history and NOTE in history
