"""Passkeys as the staff second factor, required for Managers (issue 25).

The browser's side of WebAuthn is played by `Authenticator`, a software authenticator that signs
exactly as a security key does (P-256, "none" attestation); everything on the server side is the
real thing: our views, django-otp-webauthn and py_webauthn's verification.
"""

import base64
import hashlib
import json
import os
import struct

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from wagtail.models import ModelLogEntry

from home.roles import CONTENT_EDITORS
from referrals.cases.admin_urls import case_url, list_url
from referrals.models import RecoveryCode, Referral
from referrals.staff import passkeys
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS
from referrals.staff.two_factor import new_recovery_codes
from tests.factories import PASSWORD, ReferralFactory, make_user
from tests.html import soup
from tests.staff_sign_in import code_for, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.STAFF_MFA_REQUIRED = True
    settings.PASSKEY_REQUIRED_GROUPS = []


@pytest.fixture
def managers_need_passkeys(settings):
    settings.PASSKEY_REQUIRED_GROUPS = [MANAGERS]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Authenticator:
    """A security key in software: makes a credential and signs challenges for our site."""

    def __init__(self, origin=None):
        self.rp_id = settings.OTP_WEBAUTHN_RP_ID
        self.origin = origin or settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0]
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.sign_count = 0

    def _cose_key(self):
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _authenticator_data(self, *, attested):
        flags = 0x01 | 0x04 | (0x40 if attested else 0)  # user present, verified, attested data
        data = hashlib.sha256(self.rp_id.encode()).digest() + bytes([flags])
        data += struct.pack(">I", self.sign_count)
        if attested:
            data += bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
            data += self._cose_key()
        return data

    def _client_data(self, kind, challenge):
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def _credential(self, response):
        """The PublicKeyCredential the browser hands the page, as JSON."""
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": response,
            "clientExtensionResults": {},
        }

    def create(self, options):
        client_data = self._client_data("webauthn.create", options["challenge"])
        attestation = cbor2.dumps(
            {"fmt": "none", "attStmt": {}, "authData": self._authenticator_data(attested=True)}
        )
        return self._credential(
            {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["usb"],
            }
        )

    def get(self, options):
        self.sign_count += 1
        client_data = self._client_data("webauthn.get", options["challenge"])
        authenticator_data = self._authenticator_data(attested=False)
        signed = authenticator_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return self._credential(
            {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(authenticator_data),
                "signature": b64url(signature),
            }
        )


# What the browser does, through the same endpoints as static/js/passkeys.js ----------------


def post_json(client, name, body=None, query=""):
    return client.post(
        reverse(name) + query, json.dumps(body or {}), content_type="application/json"
    )


def add_passkey(client, authenticator, name="work laptop"):
    begin = post_json(client, "referrals_passkey_register_begin", {"name": name})
    assert begin.status_code == 200, begin.content
    return post_json(
        client, "referrals_passkey_register_complete", authenticator.create(begin.json())
    )


def use_passkey(client, authenticator, next_path=""):
    begin = post_json(client, "referrals_passkey_authenticate_begin")
    if begin.status_code != 200:
        return begin
    query = f"?next={next_path}" if next_path else ""
    return post_json(
        client, "referrals_passkey_authenticate_complete", authenticator.get(begin.json()), query
    )


def with_app(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def signed_in_with_app(user):
    """A client `user` has signed in with: their password, then their app's code."""
    client = sign_in(user.username)
    give_code(client, with_app(user))
    return client


def remove_passkey_of(client, user):
    """As `client`, ask to remove `user`'s one passkey."""
    passkey = passkeys.passkeys_of(user).get()
    return client.post(reverse("referrals_passkey_remove", args=[passkey.pk]))


def give_code(client, device):
    response = client.post(reverse("referrals_two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 302, response.content


def with_passkey(user, name="work laptop"):
    """`user` with a passkey added the ordinary way (app code, then the key); returns the key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or with_app(user)
    client = sign_in(user.get_username())
    give_code(client, device)
    authenticator = Authenticator()
    assert add_passkey(client, authenticator, name).status_code == 200
    return authenticator


def actions(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


# Adding and using ---------------------------------------------------------------------------


def test_an_officer_adds_a_named_passkey_and_signs_in_with_it_instead_of_a_code():
    officer = make_user("officer", TRIAGE_OFFICERS)
    key = with_passkey(officer, "work laptop")
    [passkey] = passkeys.passkeys_of(officer)
    assert passkey.name == "work laptop"
    [added] = actions(passkeys.ADDED_ACTION)
    assert added.object_id == str(officer.pk) and added.data == {"passkey": "work laptop"}

    client = sign_in("officer")
    verify = client.get(reverse("referrals_two_factor_verify"))
    assert soup(verify).find(attrs={"data-passkey-authenticate": True})  # "Use a passkey"
    assert soup(verify).find("input", attrs={"name": "code"})  # or the code from the app
    key_before = client.session.session_key
    response = use_passkey(client, key, next_path=list_url(Referral))
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == list_url(Referral)
    assert client.session.session_key != key_before  # a new key once verified
    assert client.get(list_url(Referral)).status_code == 200
    [used] = actions(passkeys.USED_ACTION)
    assert used.data == {"passkey": "work laptop"}


def test_a_passkey_needs_a_name_and_what_was_typed_is_kept_by_the_page():
    officer = make_user("officer", TRIAGE_OFFICERS)
    client = signed_in_with_app(officer)
    response = post_json(client, "referrals_passkey_register_begin", {"name": "   "})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_name"
    assert "name" in response.json()["detail"]
    assert not WebAuthnCredential.objects.exists()


def test_passwordless_sign_in_is_refused():
    officer = make_user("officer", TRIAGE_OFFICERS)
    key = with_passkey(officer)
    anonymous = Client()
    response = use_passkey(anonymous, key)
    assert response.status_code != 200
    assert "_auth_user_id" not in anonymous.session


def test_a_password_alone_cannot_add_a_passkey():
    officer = make_user("officer", TRIAGE_OFFICERS)
    with_app(officer)
    client = sign_in("officer")
    response = post_json(client, "referrals_passkey_register_begin", {"name": "thief's key"})
    assert response.status_code == 403
    assert not WebAuthnCredential.objects.exists()


def test_a_code_cannot_add_a_passkey_to_an_account_that_already_has_one():
    """A page relaying the code must not be able to plant its own key beside the person's."""
    officer = make_user("officer", TRIAGE_OFFICERS)
    with_passkey(officer)
    [code, *_] = new_recovery_codes(officer)  # a code, as a relaying page would pass it on
    client = sign_in("officer")
    assert client.post(reverse("referrals_two_factor_verify"), {"code": code}).status_code == 302
    response = post_json(client, "referrals_passkey_register_begin", {"name": "thief's key"})
    assert response.status_code == 403
    assert passkeys.passkeys_of(officer).count() == 1


# Required for Managers ----------------------------------------------------------------------


@pytest.mark.usefixtures("managers_need_passkeys")
def test_a_manager_with_only_a_code_is_taken_to_add_a_passkey_and_nothing_with_data_opens():
    manager = make_user("boss", MANAGERS)
    client = signed_in_with_app(manager)
    referral = ReferralFactory()
    for url in (list_url(Referral), case_url(referral), reverse("wagtailadmin_home")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("referrals_passkey_add"))
    assert client.post(list_url(Referral)).status_code == 403
    assert client.get(reverse("referrals_passkey_add")).status_code == 200

    key = Authenticator()
    added = add_passkey(client, key)
    assert added.status_code == 200
    # The new passkey is then used once, which proves it works and verifies the session.
    assert added.json()["redirect_url"].startswith(reverse("referrals_two_factor_verify"))
    assert client.get(list_url(Referral)).status_code == 302
    assert use_passkey(client, key).status_code == 200
    assert client.get(list_url(Referral)).status_code == 200


@pytest.mark.usefixtures("managers_need_passkeys")
def test_a_manager_with_a_passkey_is_not_offered_the_code_and_a_code_opens_nothing():
    manager = make_user("boss", MANAGERS)
    with_passkey(manager)
    client = sign_in("boss")
    page = client.get(reverse("referrals_two_factor_verify"))
    assert not soup(page).find("input", attrs={"name": "code"})
    give_code_anyway = TOTPDevice.objects.get(user=manager)
    code = totp(give_code_anyway.bin_key, step=30, t0=0, digits=6)
    client.post(reverse("referrals_two_factor_verify"), {"code": f"{code:06d}"})
    assert client.get(list_url(Referral)).status_code == 302


@pytest.mark.usefixtures("managers_need_passkeys")
def test_a_superuser_must_use_a_passkey_whenever_a_role_requires_one():
    root = make_user("root", superuser=True)
    client = signed_in_with_app(root)
    response = client.get(list_url(Referral))
    assert response["Location"].startswith(reverse("referrals_passkey_add"))


def test_without_a_required_role_a_code_is_still_enough(settings):
    settings.PASSKEY_REQUIRED_GROUPS = [MANAGERS]
    officer = make_user("officer", TRIAGE_OFFICERS)
    client = signed_in_with_app(officer)
    assert client.get(list_url(Referral)).status_code == 200


# Removing -----------------------------------------------------------------------------------


def test_a_manager_removes_an_officers_lost_passkey_which_then_no_longer_verifies(
    django_capture_on_commit_callbacks,
):
    manager = make_user("boss", MANAGERS)
    officer = make_user("officer", TRIAGE_OFFICERS)
    lost = with_passkey(officer, "blue key")
    officers_browser = sign_in("officer")
    assert use_passkey(officers_browser, lost).status_code == 200
    client = signed_in_with_app(manager)

    factors = client.get(reverse("referrals_two_factor_factors", args=[officer.pk]))
    assert factors.status_code == 200
    assert "blue key" in factors.content.decode()
    passkey = passkeys.passkeys_of(officer).get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrals_passkey_remove", args=[passkey.pk]))
    assert response.status_code == 302

    assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    [removed] = actions(passkeys.REMOVED_ACTION)
    assert removed.user_id == manager.pk and removed.data == {"passkey": "blue key"}
    # Their sessions end, and the lost key no longer signs them in.
    assert officers_browser.get(list_url(Referral))["Location"].startswith("/admin/login/")
    again = sign_in("officer")
    assert use_passkey(again, lost).status_code == 404
    assert again.get(list_url(Referral)).status_code == 302


def test_a_manager_cannot_remove_a_superusers_or_another_managers_passkey():
    manager = make_user("boss", MANAGERS)
    root = make_user("root", superuser=True)
    other = make_user("boss2", MANAGERS)
    with_passkey(root)
    with_passkey(other)
    client = signed_in_with_app(manager)
    for target in (root, other):
        passkey = passkeys.passkeys_of(target).get()
        for method in (client.get, client.post):
            response = method(reverse("referrals_passkey_remove", args=[passkey.pk]))
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_home")
        assert client.get(reverse("referrals_two_factor_factors", args=[target.pk]))[
            "Location"
        ] == reverse("wagtailadmin_home")
    assert WebAuthnCredential.objects.count() == 2
    assert not actions(passkeys.REMOVED_ACTION)


def test_a_superuser_removes_a_managers_passkey():
    root = make_user("root", superuser=True)
    manager = make_user("boss", MANAGERS)
    with_passkey(manager)
    client = signed_in_with_app(root)
    remove_passkey_of(client, manager)
    assert not passkeys.has_passkey(manager)


def test_an_officer_sees_and_removes_their_own_passkeys_but_nobody_elses():
    officer = make_user("officer", TRIAGE_OFFICERS)
    colleague = make_user("colleague", TRIAGE_OFFICERS)
    key = with_passkey(officer, "work laptop")
    with_passkey(colleague, "their key")
    client = sign_in("officer")
    assert use_passkey(client, key).status_code == 200
    page = client.get(reverse("referrals_passkeys")).content.decode()
    assert "work laptop" in page and "their key" not in page
    assert remove_passkey_of(client, colleague).status_code == 302
    assert passkeys.has_passkey(colleague)
    remove_passkey_of(client, officer)
    assert not passkeys.has_passkey(officer)


@pytest.mark.usefixtures("managers_need_passkeys")
def test_a_manager_keeps_their_last_passkey():
    manager = make_user("boss", MANAGERS)
    key = with_passkey(manager)
    client = sign_in("boss")
    assert use_passkey(client, key).status_code == 200
    remove_passkey_of(client, manager)
    assert passkeys.has_passkey(manager)


def test_a_manager_sees_each_factor_of_a_team_member():
    manager = make_user("boss", MANAGERS)
    officer = make_user("officer", TRIAGE_OFFICERS)
    with_passkey(officer, "work laptop")
    RecoveryCode.objects.create(user=officer, code_hash="a" * 64)
    RecoveryCode.objects.create(user=officer, code_hash="b" * 64, used_at="2026-01-01T00:00Z")
    client = signed_in_with_app(manager)
    page = soup(client.get(reverse("referrals_two_factor_factors", args=[officer.pk])))
    summary = dict(
        zip(
            [dt.get_text() for dt in page.select("dl dt")],
            [dd.get_text() for dd in page.select("dl dd")],
            strict=True,
        )
    )
    assert summary["Authenticator app"] == "Set up"
    assert summary["Recovery codes left"] == "1"
    assert "work laptop" in page.find("table", class_="listing").get_text()


# The sign-in throttle -----------------------------------------------------------------------


def test_failed_passkey_attempts_count_in_the_sign_in_throttle(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    officer = make_user("officer", TRIAGE_OFFICERS)
    with_passkey(officer)
    client = sign_in("officer")
    stranger = Authenticator()  # a key that is not theirs
    for _ in range(3):
        assert use_passkey(client, stranger).status_code == 404
    response = post_json(client, "referrals_passkey_authenticate_begin")
    assert response.status_code == 429
    assert "Wait" in response.json()["detail"]
    # The same count as the password's: the next password is refused too.
    refused = Client().post(
        reverse("wagtailadmin_login"), {"username": "officer", "password": PASSWORD}
    )
    assert refused.status_code == 429


def test_a_passkey_made_for_another_site_does_not_verify():
    officer = make_user("officer", TRIAGE_OFFICERS)
    key = with_passkey(officer)
    key.origin = "https://vig-support.example.net"  # a look-alike page relaying the ceremony
    client = sign_in("officer")
    assert use_passkey(client, key).status_code == 422
    assert client.get(list_url(Referral)).status_code == 302


def test_an_officer_cannot_see_or_remove_a_colleagues_factors():
    officer = make_user("officer", TRIAGE_OFFICERS)
    colleague = make_user("colleague", TRIAGE_OFFICERS)
    with_passkey(colleague)
    client = signed_in_with_app(officer)
    factors = client.get(reverse("referrals_two_factor_factors", args=[colleague.pk]))
    assert factors["Location"] == reverse("wagtailadmin_home")
    remove_passkey_of(client, colleague)
    assert passkeys.has_passkey(colleague)


def test_a_manager_sees_their_teams_second_factors_on_one_page_and_no_one_beyond_their_remit():
    manager = make_user("boss", MANAGERS)
    officer = make_user("officer", TRIAGE_OFFICERS)
    make_user("root", superuser=True)
    make_user("boss2", MANAGERS)
    with_passkey(officer, "work laptop")
    client = signed_in_with_app(manager)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("referrals_two_factor_team") in home  # in the Reports menu
    page = soup(client.get(reverse("referrals_two_factor_team")))
    rows = {
        row.find("td").get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in page.find("table", class_="listing").find("tbody").find_all("tr")
    }
    assert set(rows) == {officer.get_full_name()}
    assert rows[officer.get_full_name()][1:] == ["Set up", "0", "work laptop"]


def test_an_officer_has_no_team_second_factors_page():
    officer = make_user("officer", TRIAGE_OFFICERS)
    client = signed_in_with_app(officer)
    assert (
        reverse("referrals_two_factor_team")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    response = client.get(reverse("referrals_two_factor_team"))
    assert response["Location"] == reverse("wagtailadmin_home")


def test_the_account_page_offers_passkeys_to_those_who_sign_in_with_a_second_factor():
    officer = make_user("officer", TRIAGE_OFFICERS)
    make_user("editor1", CONTENT_EDITORS)
    client = signed_in_with_app(officer)
    assert (
        reverse("referrals_passkeys")
        in client.get(reverse("wagtailadmin_account")).content.decode()
    )
    editor = sign_in("editor1")
    assert (
        reverse("referrals_passkeys")
        not in editor.get(reverse("wagtailadmin_account")).content.decode()
    )
