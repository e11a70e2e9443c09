"""What a password, or a code relayed by a phishing page, must not win from an account that has
a passkey (issue 25's review): a new authenticator app that verifies the session, or the
removal of the person's passkey to make room for the page's own."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from referrals import permissions as perms
from referrals.cases.admin_urls import list_url
from referrals.models import RecoveryCode, Referral
from referrals.staff import passkeys
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS
from referrals.staff.two_factor import new_recovery_codes
from tests.factories import make_user
from tests.html import soup
from tests.referrals import test_permissions_module as permissions_module
from tests.security.test_passkeys import (
    Authenticator,
    add_passkey,
    give_code,
    post_json,
    sign_in,
    use_passkey,
    with_app,
    with_passkey,
)
from tests.security.test_two_factor import code_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_MFA_REQUIRED = True
    settings.PASSKEY_REQUIRED_GROUPS = []


def reset_by_manager(person):
    """A Manager resets `person`'s second factor (a lost phone), as on the Users page."""
    manager = make_user("boss", MANAGERS)
    client = sign_in("boss")
    give_code(client, with_app(manager))
    response = client.post(reverse("referrals_two_factor_reset", args=[person.pk]))
    assert response.status_code == 302


def test_after_a_reset_a_password_alone_cannot_enrol_a_new_app_over_a_passkey():
    officer = make_user("officer", TRIAGE_OFFICERS)
    with_passkey(officer)
    reset_by_manager(officer)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert passkeys.has_passkey(officer)  # a lost phone leaves the passkey alone

    thief = sign_in("officer")  # the password only
    page = thief.get(reverse("referrals_two_factor_enrol"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("referrals_two_factor_verify"))
    # A QR code shown before (an unconfirmed app) and its code do not get past either.
    scanned = TOTPDevice.objects.create(user=officer, name="thief's app", confirmed=False)
    posted = thief.post(reverse("referrals_two_factor_enrol"), {"code": code_for(scanned)})
    assert posted.status_code == 302
    assert posted["Location"].startswith(reverse("referrals_two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert thief.get(list_url(Referral)).status_code == 302


def test_after_a_reset_the_passkey_signs_in_and_the_app_is_set_up_again():
    officer = make_user("officer", TRIAGE_OFFICERS)
    key = with_passkey(officer)
    reset_by_manager(officer)

    client = sign_in("officer")
    assert use_passkey(client, key).status_code == 200
    # Verified with the passkey, they are taken to set up the app again (new recovery codes).
    response = client.get(list_url(Referral))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("referrals_two_factor_enrol"))
    assert client.get(reverse("referrals_two_factor_enrol")).status_code == 200
    app = TOTPDevice.objects.get(user=officer, confirmed=False)
    enrolled = client.post(reverse("referrals_two_factor_enrol"), {"code": code_for(app)})
    assert enrolled["Location"].startswith(reverse("referrals_two_factor_recovery_codes"))
    app.refresh_from_db()
    assert app.confirmed
    assert RecoveryCode.objects.filter(user=officer).count() == 10
    # The session stays the passkey's, and everything opens.
    assert client.get(list_url(Referral)).status_code == 200
    assert (
        post_json(client, "referrals_passkey_register_begin", {"name": "spare"}).status_code == 200
    )


def test_a_manager_whose_phone_was_reset_signs_in_with_their_passkey_only(settings):
    settings.PASSKEY_REQUIRED_GROUPS = [MANAGERS]
    root = make_user("root", superuser=True)
    manager = make_user("boss", MANAGERS)
    with_passkey(manager)
    roots_key = with_passkey(root)
    client = sign_in("root")
    assert use_passkey(client, roots_key).status_code == 200
    assert client.post(reverse("referrals_two_factor_reset", args=[manager.pk])).status_code == 302
    thief = sign_in("boss")
    assert thief.get(reverse("referrals_two_factor_enrol"))["Location"].startswith(
        reverse("referrals_two_factor_verify")
    )
    assert not TOTPDevice.objects.filter(user=manager).exists()


def test_a_relayed_code_cannot_remove_the_owners_passkey_to_add_its_own():
    officer = make_user("officer", TRIAGE_OFFICERS)
    with_passkey(officer)
    [code, *_] = new_recovery_codes(officer)  # relayed by a look-alike page
    thief = sign_in("officer")
    assert thief.post(reverse("referrals_two_factor_verify"), {"code": code}).status_code == 302
    passkey = passkeys.passkeys_of(officer).get()
    response = thief.post(reverse("referrals_passkey_remove", args=[passkey.pk]))
    assert response["Location"] == reverse("wagtailadmin_home")  # refused
    assert passkeys.has_passkey(officer)
    refused = post_json(thief, "referrals_passkey_register_begin", {"name": "thief's key"})
    assert refused.status_code == 403
    assert passkeys.passkeys_of(officer).count() == 1


def test_the_removal_service_refuses_an_owner_not_verified_with_a_passkey():
    officer = make_user("officer", TRIAGE_OFFICERS)
    with_passkey(officer)
    passkey = passkeys.passkeys_of(officer).get()
    with pytest.raises(PermissionDenied):
        passkeys.remove_passkey(passkey=passkey, by=officer)
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_an_owner_signed_in_with_a_passkey_removes_one_and_adds_another():
    officer = make_user("officer", TRIAGE_OFFICERS)
    key = with_passkey(officer, "old key")
    client = sign_in("officer")
    assert use_passkey(client, key).status_code == 200
    assert add_passkey(client, Authenticator(), "new key").status_code == 200
    old = passkeys.passkeys_of(officer).get(name="old key")
    client.post(reverse("referrals_passkey_remove", args=[old.pk]))
    assert [p.name for p in passkeys.passkeys_of(officer)] == ["new key"]


def test_a_manager_whose_lost_passkey_was_removed_uses_a_recovery_code_then_adds_a_new_one(
    settings, django_capture_on_commit_callbacks
):
    settings.PASSKEY_REQUIRED_GROUPS = [MANAGERS]
    root = make_user("root", superuser=True)
    manager = make_user("boss", MANAGERS)
    with_passkey(manager, "lost key")
    [code, *_] = new_recovery_codes(manager)
    client = sign_in("boss")  # with a passkey, no code is offered
    assert not soup(client.get(reverse("referrals_two_factor_verify"))).find(
        "input", attrs={"name": "code"}
    )

    roots_key = with_passkey(root)
    superuser = sign_in("root")
    assert use_passkey(superuser, roots_key).status_code == 200
    lost = passkeys.passkeys_of(manager).get()
    with django_capture_on_commit_callbacks(execute=True):
        superuser.post(reverse("referrals_passkey_remove", args=[lost.pk]))
    assert not passkeys.has_passkey(manager)

    client = sign_in("boss")
    assert client.post(reverse("referrals_two_factor_verify"), {"code": code}).status_code == 302
    response = client.get(list_url(Referral))
    assert response["Location"].startswith(reverse("referrals_passkey_add"))
    new_key = Authenticator()
    assert add_passkey(client, new_key, "new key").status_code == 200
    assert use_passkey(client, new_key).status_code == 200
    assert client.get(list_url(Referral)).status_code == 200


def test_the_staff_account_codenames_are_named_once_in_permissions():
    """The codenames that let someone look after staff accounts are written only in
    referrals/permissions.py (as ADD_USER and CHANGE_USER), like the app's own."""
    wanted = {perms.ADD_USER, perms.CHANGE_USER}
    found = [
        line
        for path in permissions_module.modules()
        for line in permissions_module.literals_in(path, wanted, permissions_module.APP.parent)
    ]
    assert found == []
