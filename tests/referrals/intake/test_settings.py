"""Production refuses to run the forms without reCAPTCHA unless that is a deliberate choice."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "vig_site.settings.production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "vig.example.org",
    "SITE_BASE_URL": "https://vig.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_BACKEND": "anymail.backends.amazon_ses.EmailBackend",
    "TRUSTED_PROXIES": "none",
}


def load_production_settings(**env):
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_recaptcha_keys():
    result = load_production_settings()
    assert result.returncode != 0
    assert "RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY must be set" in result.stderr


def test_production_starts_with_recaptcha_keys_or_when_disabled_on_purpose():
    keys = {"RECAPTCHA_PUBLIC_KEY": "public", "RECAPTCHA_PRIVATE_KEY": "private"}
    assert load_production_settings(**keys).returncode == 0
    assert load_production_settings(RECAPTCHA_DISABLED="true").returncode == 0
