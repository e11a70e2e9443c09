"""Go-live checks: what a council must have set before families use the site.

Django system checks with the tag `golive`, registered as deployment checks, so
`manage.py check --deploy` runs them (and `check --deploy --tag golive` runs only them). Each
failure says what to set and where. They read the site settings from the database, so run them
after `migrate`. (Production settings already refuse to start without reCAPTCHA keys or with
two-factor sign-in off unless either is turned off on purpose, so golive.E005 and E006 guard
any other settings module a deployment might use.)
"""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from home.models import SiteSettings

from .services.intake import team_email_address

GOLIVE = "golive"
WHERE = "In the admin: Settings > Team and contact details"


def _live(page):
    return page is not None and page.live


def _site_checks(team):
    errors = []
    if not team_email_address():
        errors.append(
            checks.Error(
                "Nobody would be told about new referrals: the team has no email address.",
                hint=f"{WHERE} > Email (the team's public address, which new referrals are "
                "sent to), or set TEAM_NOTIFICATION_EMAIL to the team inbox.",
                id="golive.E001",
            )
        )
    if not (getattr(team, "council_name", "") or "").strip():
        errors.append(
            checks.Error(
                "The council's name is not set, so families cannot tell whose service this is.",
                hint=f"{WHERE} > Council name.",
                id="golive.E002",
            )
        )
    if not _live(team.privacy_page):
        errors.append(
            checks.Error(
                "There is no published privacy notice linked from the site.",
                hint="Publish the privacy notice page, then choose it in "
                f"{WHERE} > Footer links > Privacy page.",
                id="golive.E003",
            )
        )
    if not _live(team.accessibility_page):
        errors.append(
            checks.Error(
                "There is no published accessibility statement linked from the site "
                "(the public-sector accessibility regulations require one).",
                hint="Publish the accessibility statement, then choose it in "
                f"{WHERE} > Footer links > Accessibility page.",
                id="golive.E004",
            )
        )
    return errors


@checks.register(GOLIVE, deploy=True)
def site_ready_for_families(app_configs=None, **kwargs):
    try:
        team = SiteSettings.load()
    except DatabaseError:
        return [
            checks.Error(
                "The site settings could not be read from the database.",
                hint="Set DATABASE_URL and run `manage.py migrate` first.",
                id="golive.E000",
            )
        ]
    return _site_checks(team)


@checks.register(GOLIVE, deploy=True)
def protections_on_unless_off_on_purpose(app_configs=None, **kwargs):
    errors = []
    if not settings.RECAPTCHA_ENABLED and not settings.RECAPTCHA_OFF_ON_PURPOSE:
        errors.append(
            checks.Error(
                "reCAPTCHA is off, so the forms have only the honeypot and the rate limit "
                "against spam.",
                hint="Set RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY, or "
                "RECAPTCHA_DISABLED=true to run without it on purpose.",
                id="golive.E005",
            )
        )
    if not settings.STAFF_MFA_REQUIRED and not settings.STAFF_MFA_OFF_ON_PURPOSE:
        errors.append(
            checks.Error(
                "Two-factor sign-in is off for staff, who can read families' referrals.",
                hint="Set STAFF_MFA_REQUIRED=true, or STAFF_MFA_REQUIRED=false to run without "
                "it on purpose.",
                id="golive.E006",
            )
        )
    return errors
