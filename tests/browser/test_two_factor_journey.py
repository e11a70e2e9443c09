"""An officer signs in with their password and the code from their authenticator app (computed
here as the app would), in a real browser, keyboard and axe included."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.staff_sign_in import code_for

from .support import QUEUE, format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_signs_in_with_a_code_from_their_app(open_page, site_data, settings):
    settings.STAFF_MFA_REQUIRED = True
    officer = get_user_model().objects.get(username="officer")
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)

    admin = open_page("/admin/login/")
    admin.page.get_by_label("Username").fill("officer")
    admin.page.get_by_label("Password").fill("vig-demo-officer")
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Sign in").click()
    # The password alone leads to the code step, not to the dashboard or any referral.
    admin.goto(QUEUE)
    assert admin.path.startswith("/admin/two-factor/")
    violations = admin.axe_violations()
    assert not violations, format_violations(violations)
    admin.page.get_by_label("Code").fill("000000")
    with admin.page.expect_navigation():
        admin.page.keyboard.press("Enter")
    assert "That code is not right" in admin.page.content()

    admin.page.get_by_label("Code").fill(code_for(device))
    with admin.page.expect_navigation():
        admin.page.keyboard.press("Enter")
    assert admin.path == QUEUE
    assert admin.page.get_by_role("heading", name="Referrals").first.is_visible()
