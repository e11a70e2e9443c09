"""Signing a member of staff in, in tests, as they do: their password (every test account's is
tests.factories.PASSWORD), then the code their authenticator app shows."""

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from tests.factories import PASSWORD


def sign_in(username):
    """A client that has given `username`'s password, and nothing more yet."""
    client = Client()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def code_for(device):
    """The code the authenticator app shows now, computed as the app does."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"
