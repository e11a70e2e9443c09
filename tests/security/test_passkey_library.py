"""What we rely on in django-otp-webauthn (docs/upgrading.md): its documented override points,
settings and answers. A test fails, naming the package, when an upgrade changes one."""

import inspect

from django_otp_webauthn import exceptions, views
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.settings import AppSettings


def changed(name):
    return f"django-otp-webauthn: {name} changed; see docs/upgrading.md"


def test_the_view_override_points_we_use_are_still_there():
    expected = {
        views.BeginCredentialRegistrationView: ("check_can_register", "post"),
        views.CompleteCredentialRegistrationView: ("check_can_register", "get_helper", "post"),
        views.BeginCredentialAuthenticationView: ("check_can_authenticate",),
        views.CompleteCredentialAuthenticationView: (
            "check_can_authenticate",
            "complete_auth",
            "get_success_url",
            "handle_exception",
        ),
    }
    for view, names in expected.items():
        for name in names:
            assert callable(getattr(view, name, None)), changed(f"{view.__name__}.{name}")
    complete_auth = inspect.signature(views.CompleteCredentialAuthenticationView.complete_auth)
    assert list(complete_auth.parameters) == ["self", "device"], changed("complete_auth")


def test_the_helper_still_builds_the_credential_where_we_name_it():
    parameters = inspect.signature(WebAuthnHelper.create_credential).parameters
    assert list(parameters) == [
        "self",
        "user",
        "response",
        "parsed_credential",
        "original_data",
    ], changed("WebAuthnHelper.create_credential")
    assert "create_credential" in inspect.getsource(WebAuthnHelper.register_complete), changed(
        "WebAuthnHelper.register_complete"
    )


def test_the_settings_and_errors_we_use_are_still_there():
    for name in (
        "OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN",
        "OTP_WEBAUTHN_RP_ID",
        "OTP_WEBAUTHN_RP_NAME",
        "OTP_WEBAUTHN_ALLOWED_ORIGINS",
    ):
        assert hasattr(AppSettings, name), changed(name)
    for name in ("OTPWebAuthnApiError", "PasswordlessLoginDisabled"):
        assert hasattr(exceptions, name), changed(f"exceptions.{name}")
    error = exceptions.OTPWebAuthnApiError(detail="x", code="y")
    assert (str(error), error.code) == ("x", "y"), changed("OTPWebAuthnApiError")
