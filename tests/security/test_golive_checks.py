"""The go-live checks (`manage.py check --deploy`, tag golive) refuse a site that families
should not use yet: nobody told about referrals, no council name, no privacy notice or
accessibility statement, spam or sign-in protection off without anyone choosing that."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from wagtail.models import Locale

from home.models.translation_review import LanguageReview


def golive_errors():
    found = checks.run_checks(tags=["golive"], include_deployment_checks=True)
    return {message.id: message for message in found}


@pytest.fixture
def ready(site_settings, settings):
    """A site with everything a council must set before going live."""
    site_settings.email = "vig-team@anytown.example"
    site_settings.council_name = "Anytown Council"
    site_settings.save()
    assert site_settings.privacy_page.live and site_settings.accessibility_page.live
    settings.TEAM_NOTIFICATION_EMAIL = ""
    settings.RECAPTCHA_ENABLED = True
    settings.STAFF_MFA_REQUIRED = True
    settings.ALLOWED_HOSTS = ["vig.anytown.example"]
    settings.WAGTAILADMIN_BASE_URL = "https://vig.anytown.example"  # from SITE_BASE_URL
    settings.TEXT_BACKEND = "referrals.outbox.texts.NotifyTextBackend"
    settings.NOTIFY_API_KEY = "live-key"
    settings.NOTIFY_SMS_TEMPLATE_ID = "template-id"
    settings.NOTIFY_CALLBACK_TOKEN = "callback-token"  # noqa: S105
    # A professional translator has checked every language the site is offered in.
    for code, _ in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            locale, _ = Locale.objects.get_or_create(language_code=code)
            LanguageReview.objects.update_or_create(
                locale=locale, defaults={"checked_by_professional": True}
            )
    return site_settings


def test_a_ready_site_passes(ready):
    assert golive_errors() == {}


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8000",  # base.py's default, for development
        "http://vig.anytown.example",  # in the clear
        "https://vig.elsewhere.example",  # not a host this site answers to
    ],
)
def test_links_in_emails_that_are_not_this_sites_https_address_fail(ready, settings, base_url):
    settings.WAGTAILADMIN_BASE_URL = base_url

    error = golive_errors()["golive.E007"]

    assert base_url in error.msg
    assert "SITE_BASE_URL" in error.hint


def test_links_in_emails_to_this_machine_are_warned_about(ready, settings):
    """`make run-prod` links to itself on 127.0.0.1: right there, never for families."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    for base_url in ("https://127.0.0.1:8443", "https://localhost"):
        settings.WAGTAILADMIN_BASE_URL = base_url
        found = golive_errors()
        assert "golive.E007" not in found
        assert found["golive.W007"].level == checks.WARNING


def test_no_team_email_anywhere_fails_because_nobody_would_be_told(ready, settings):
    ready.email = ""
    ready.save()

    error = golive_errors()["golive.E001"]

    assert "Nobody would be told about new referrals" in error.msg
    assert "TEAM_NOTIFICATION_EMAIL" in error.hint
    settings.TEAM_NOTIFICATION_EMAIL = "team-inbox@anytown.example"
    assert "golive.E001" not in golive_errors()


def test_no_council_name_fails(ready):
    ready.council_name = "  "
    ready.save()
    assert "Council name" in golive_errors()["golive.E002"].hint


@pytest.mark.parametrize(("field", "error_id"), [("privacy", "E003"), ("accessibility", "E004")])
def test_a_missing_or_unpublished_privacy_notice_or_accessibility_statement_fails(
    ready, field, error_id
):
    page = getattr(ready, f"{field}_page")
    page.unpublish()
    assert f"golive.{error_id}" in golive_errors()

    setattr(ready, f"{field}_page", None)
    ready.save()
    error = golive_errors()[f"golive.{error_id}"]
    assert "Footer links" in error.hint


def test_recaptcha_off_fails_unless_turned_off_on_purpose(ready, settings):
    settings.RECAPTCHA_ENABLED = False
    settings.RECAPTCHA_OFF_ON_PURPOSE = False
    assert "RECAPTCHA_DISABLED=true" in golive_errors()["golive.E005"].hint

    settings.RECAPTCHA_OFF_ON_PURPOSE = True
    assert "golive.E005" not in golive_errors()


def test_two_factor_off_fails_unless_turned_off_on_purpose(ready, settings):
    settings.STAFF_MFA_REQUIRED = False
    settings.STAFF_MFA_OFF_ON_PURPOSE = False
    assert "STAFF_MFA_REQUIRED=true" in golive_errors()["golive.E006"].hint

    settings.STAFF_MFA_OFF_ON_PURPOSE = True
    assert "golive.E006" not in golive_errors()


@pytest.mark.parametrize(
    ("environment", "off_on_purpose"),
    [({}, False), ({"STAFF_MFA_REQUIRED": "false"}, True), ({"STAFF_MFA_REQUIRED": "true"}, False)],
)
def test_on_purpose_means_the_variable_was_set_to_false(environment, off_on_purpose):
    """The settings module itself, read afresh in a process with only that environment."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("STAFF_MFA", "RECAPTCHA"))}
    script = (
        "from vig_site.settings import base;"
        "print(base.STAFF_MFA_OFF_ON_PURPOSE, base.RECAPTCHA_OFF_ON_PURPOSE)"
    )
    result = subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", script],
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [str(off_on_purpose), "False"]


def test_check_deploy_runs_them_and_plain_check_does_not(ready):
    ready.email = ""
    ready.save()

    with pytest.raises(SystemCheckError, match="golive.E001"):
        call_command("check", "--deploy", "--tag", "golive")
    call_command("check")  # not a deployment check run: nothing raised


def test_a_passkey_role_that_no_group_is_called_fails(ready, settings):
    settings.PASSKEY_REQUIRED_GROUPS = ["Managers"]
    assert "golive.E009" not in golive_errors()
    settings.PASSKEY_REQUIRED_GROUPS = ["Manager", "Managers"]
    error = golive_errors()["golive.E009"]
    assert "names Manager, which" in error.msg and "Managers" not in error.msg
