"""Production settings refuse to start half-configured, and pass Django's deployment check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "vig_site.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-only-0123456789abcdef",
    "ALLOWED_HOSTS": "vig.example.gov.uk",
    "SITE_BASE_URL": "https://vig.example.gov.uk",
    "DATABASE_URL": "postgres://vig@db.invalid:5432/vig",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_BACKEND": "anymail.backends.amazon_ses.EmailBackend",
    "RECAPTCHA_PUBLIC_KEY": "public-key",
    "RECAPTCHA_PRIVATE_KEY": "private-key",
    "TRUSTED_PROXIES": "10.0.0.0/8",
    # Texts through GOV.UK Notify (the key's shape: a name, the service id, the secret).
    "NOTIFY_API_KEY": "live-00000000-0000-0000-0000-000000000000"
    "-11111111-1111-1111-1111-111111111111",
    "NOTIFY_SMS_TEMPLATE_ID": "22222222-2222-2222-2222-222222222222",
    "NOTIFY_CALLBACK_TOKEN": "a-long-random-callback-token-for-the-check-only-0123456789",
}


def manage(*args, env):
    # Only the production variables: nothing the test run itself set (such as the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE or the test DATABASE_URL) may leak into the check.
    leaked = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "CSRF_TRUSTED_ORIGINS"}
    clean = {k: v for k, v in os.environ.items() if k not in leaked}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def database_url(connection):
    """The test database, as a URL a subprocess can open (it sees the committed demo site)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_deploy_check_is_clean_under_production_settings(db):
    """Django's deployment checks and the go-live checks (referrals.checks), on the demo site
    as setup_demo fills it in, with the team inbox given by the environment."""
    from django.db import connection

    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": database_url(connection),
        "TEAM_NOTIFICATION_EMAIL": "vig-team@anytown.example",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    # The one thing left is the demo's own: its Polish and Arabic were not checked by a
    # professional translator (golive.W010), which only a person can put right.
    assert result.returncode != 0
    assert "golive.W010" in result.stderr, result.stdout + result.stderr
    assert "System check identified 1 issue" in result.stderr, result.stderr


def test_deploy_check_fails_production_with_nobody_to_notify(db):
    from django.db import connection, connections

    from home.models import SiteSettings

    # The demo fills in the team's email. Blank it where the check's own process sees it
    # (outside this test's transaction, through a second connection), and put it back after.
    team = SiteSettings.load()
    table = connection.ops.quote_name(SiteSettings._meta.db_table)
    update = f"UPDATE {table} SET email = %s WHERE id = %s"  # noqa: S608 - our own table
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(update, ["", team.pk])
        result = manage(
            "check", "--deploy", env={**PRODUCTION_ENV, "DATABASE_URL": database_url(connection)}
        )
    finally:
        with other.cursor() as cursor:
            cursor.execute(update, [team.email, team.pk])
        other.close()
    assert result.returncode != 0
    assert "golive.E001" in result.stderr
    assert "TEAM_NOTIFICATION_EMAIL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_to_start_without_the_sites_https_address_for_links_in_emails():
    result = manage("check", env={**PRODUCTION_ENV, "SITE_BASE_URL": ""})
    assert result.returncode != 0
    assert "SITE_BASE_URL must be set" in result.stderr

    for wrong, why in [
        ("http://vig.example.gov.uk", "https://"),  # a link in an email, in the clear
        ("vig.example.gov.uk", "https://"),
        ("https://127.0.0.1:8000", "ALLOWED_HOSTS"),  # not this site
        ("https://vig.example.gov.uk.evil.example", "ALLOWED_HOSTS"),
    ]:
        result = manage("check", env={**PRODUCTION_ENV, "SITE_BASE_URL": wrong})
        assert result.returncode != 0, wrong
        assert "SITE_BASE_URL" in result.stderr and why in result.stderr, wrong

    links = manage(
        "shell",
        "-c",
        "from referrals.outbox.sending import admin_url; print(admin_url(None))",
        env={**PRODUCTION_ENV, "SITE_BASE_URL": "https://vig.example.gov.uk/"},
    )
    assert links.returncode == 0, links.stderr[-2000:]
    assert links.stdout.split()[-1] == "https://vig.example.gov.uk/admin/"


def test_production_refuses_to_start_without_recaptcha_unless_disabled_on_purpose():
    env = {**PRODUCTION_ENV, "RECAPTCHA_PUBLIC_KEY": "", "RECAPTCHA_PRIVATE_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "RECAPTCHA" in result.stderr
    result = manage("check", env={**env, "RECAPTCHA_DISABLED": "true"})
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_until_trusted_proxies_are_said():
    result = manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXIES": ""})
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must be set" in result.stderr
    assert manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXIES": "none"}).returncode == 0
    bad = manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"})
    assert bad.returncode != 0
    assert "'proxy.local' is not an address" in bad.stderr


def test_production_binds_query_parameters_on_the_postgresql_server():
    """Each statement's values go to PostgreSQL apart from its text: no quoting of every value
    in Python, and a statement a connection runs often is prepared once (the send's inserts,
    the worker's claim)."""
    checked = manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.features.uses_server_side_binding)",
        env=PRODUCTION_ENV,
    )
    assert checked.returncode == 0, checked.stderr[-2000:]
    assert checked.stdout.split()[-1] == "True"
