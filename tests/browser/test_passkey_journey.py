"""A Manager, who must sign in with a passkey, adds one and signs in with it, in a real browser:
Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain) plays the passkey.
The pages run under the admin's Content Security Policy (no inline script) and axe.

WebAuthn needs a host name, not an address: the live server is reached at http://localhost,
a secure context over plain HTTP, and the relying party is set to it for the test.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from referrals.staff import passkeys
from referrals.staff.roles import MANAGERS
from tests.staff_sign_in import code_for

from .journeys import sign_in_with_password
from .support import QUEUE, format_violations, refused

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def with_virtual_authenticator(admin):
    cdp = admin.page.context.new_cdp_session(admin.page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def check_page(admin):
    assert refused(admin) == [], admin.path
    violations = admin.axe_violations()
    assert not violations, format_violations(violations)


def test_a_manager_adds_a_passkey_and_signs_in_with_it(open_page, site_data, settings, live_server):
    origin = live_server.url
    assert urlsplit(origin).hostname == "localhost"
    settings.STAFF_MFA_REQUIRED = True
    settings.PASSKEY_REQUIRED_GROUPS = [MANAGERS]
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [origin]
    manager = get_user_model().objects.get(username="manager")
    app = TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)

    admin = open_page("/admin/login/")
    cdp, authenticator = with_virtual_authenticator(admin)

    # Password, then the app code once: a Manager with no passkey is taken to add one.
    sign_in_with_password(admin, "manager", "vig-demo-manager")
    admin.goto(QUEUE)
    assert admin.path.startswith("/admin/two-factor/")
    admin.page.get_by_label("Code").fill(code_for(app))
    with admin.page.expect_navigation():
        admin.page.keyboard.press("Enter")
    assert admin.path.startswith("/admin/two-factor/passkeys/add/")
    check_page(admin)

    admin.page.get_by_label("Name this passkey").fill("work laptop")
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Add passkey").click()
    [passkey] = passkeys.passkeys_of(manager)
    assert passkey.name == "work laptop"
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1

    # The new passkey is used once straight away, and the referral list opens.
    assert admin.path.startswith("/admin/two-factor/")
    check_page(admin)
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Use a passkey").click()
    assert admin.path == QUEUE

    # Sign out (the second step's page has the button); sign in again with the password and
    # the passkey (no code is offered to a Manager who has one).
    admin.goto("/admin/two-factor/")
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Sign out").first.click()
    sign_in_with_password(admin, "manager", "vig-demo-manager")
    admin.goto(QUEUE)
    assert admin.path.startswith("/admin/two-factor/")
    assert admin.page.get_by_label("Code").count() == 0
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Use a passkey").click()
    assert admin.path == QUEUE
    assert admin.page.get_by_role("heading", name="Referrals").first.is_visible()
    assert ModelLogEntry.objects.filter(action=passkeys.USED_ACTION).count() == 2

    # Their own list of passkeys, and their team's second factors, under the same policy.
    admin.goto("/admin/two-factor/passkeys/")
    assert "work laptop" in admin.page.content()
    check_page(admin)
    admin.goto("/admin/two-factor/team/")
    check_page(admin)
    officer = get_user_model().objects.get(username="officer")
    admin.goto(f"/admin/two-factor/factors/{officer.pk}/")
    check_page(admin)
