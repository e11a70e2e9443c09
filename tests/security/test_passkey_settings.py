"""Passkeys belong to the site's own address: the relying party id and allowed origins come from
SITE_BASE_URL, production refuses anything else, and passkeys are never a way in on their own."""

import pytest

from tests.security.test_production_settings import PRODUCTION_ENV, manage
from vig_site.settings.base import webauthn_party

SHOW = (
    "from django.conf import settings as s; "
    "print(s.OTP_WEBAUTHN_RP_ID, s.OTP_WEBAUTHN_ALLOWED_ORIGINS, "
    "s.OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN, s.PASSKEY_REQUIRED_GROUPS)"
)


@pytest.mark.parametrize(
    ("base_url", "party"),
    [
        ("https://vig.example.gov.uk", ("vig.example.gov.uk", ["https://vig.example.gov.uk"])),
        (
            "https://vig.example.gov.uk:8443",
            ("vig.example.gov.uk", ["https://vig.example.gov.uk:8443"]),
        ),
        ("http://localhost:8001", ("localhost", ["http://localhost:8001"])),
        # Development's default address: WebAuthn needs a host name, so passkeys work at localhost.
        ("http://127.0.0.1:8000", ("localhost", ["http://localhost:8000"])),
    ],
)
def test_the_relying_party_is_the_sites_own_address(base_url, party):
    assert webauthn_party(base_url) == party


def test_production_binds_passkeys_to_site_base_url_and_requires_them_for_managers():
    result = manage("shell", "--no-imports", "-c", SHOW, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "vig.example.gov.uk ['https://vig.example.gov.uk'] False ['Managers']"
    )


def test_production_can_turn_the_passkey_requirement_off_on_purpose():
    env = {**PRODUCTION_ENV, "PASSKEY_REQUIRED_GROUPS": "none"}
    result = manage("shell", "--no-imports", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False []")


def test_production_refuses_a_site_address_that_is_an_ip_address():
    env = {**PRODUCTION_ENV, "SITE_BASE_URL": "https://10.0.0.5", "ALLOWED_HOSTS": "10.0.0.5"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "passkeys work only on a host name" in result.stderr
