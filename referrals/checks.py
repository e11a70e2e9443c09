"""Go-live checks: what a council must have set before families use the site.

Django system checks with the tag `golive`, registered as deployment checks, so
`manage.py check --deploy` runs them (and `check --deploy --tag golive` runs only them). Each
failure says what to set and where. They read the site settings from the database, so run them
after `migrate`. (Production settings already refuse to start without reCAPTCHA keys, with
two-factor sign-in off unless either is turned off on purpose, or without an https
SITE_BASE_URL on one of ALLOWED_HOSTS, so golive.E005, E006 and E007 guard any other settings
module a deployment might use.)
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import checks
from django.db import DatabaseError
from django.http.request import validate_host
from django.utils.text import get_text_list
from django.utils.translation import get_language_info, override

from home.models import SiteSettings
from home.models.translation_review import languages_not_checked
from referrals.intake.services import team_email_address

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


@checks.register(GOLIVE, deploy=True)
def passkey_roles_exist(app_configs=None, **kwargs):
    """A role named in PASSKEY_REQUIRED_GROUPS that no group has (a typo: "Manager") would
    require a passkey of nobody, silently."""
    named = set(settings.PASSKEY_REQUIRED_GROUPS)
    if not named:
        return []
    try:
        existing = set(Group.objects.filter(name__in=named).values_list("name", flat=True))
    except DatabaseError:
        return []  # site_ready_for_families says the database cannot be read
    missing = sorted(named - existing)
    if not missing:
        return []
    return [
        checks.Error(
            f"PASSKEY_REQUIRED_GROUPS names {', '.join(missing)}, which no staff role is "
            "called, so nobody in it would be asked for a passkey.",
            hint="Use the roles' names as the admin shows them under Settings > Groups "
            "(e.g. Managers), separated by commas, or PASSKEY_REQUIRED_GROUPS=none.",
            id="golive.E009",
        )
    ]


def _language_names(codes):
    """ "Polish and Arabic": the languages' English names (this is for the team, in English)."""
    with override("en"):
        return get_text_list([_language_name(code) for code in codes], "and")


def _language_name(code):
    try:
        return str(get_language_info(code)["name"])
    except KeyError:
        return code  # a language Django does not know by name


@checks.register(GOLIVE, deploy=True)
def translations_checked_by_a_professional(app_configs=None, **kwargs):
    """Every language of the site other than English has been marked "checked by a
    professional translator" (home.models.translation_review): the demo's translations are a
    start, not a sign-off."""
    try:
        codes = languages_not_checked()
    except DatabaseError:
        return []  # site_ready_for_families says the database cannot be read
    if not codes:
        return []
    names = _language_names(codes)
    verb = "has" if len(codes) == 1 else "have"
    noun = "translation" if len(codes) == 1 else "translations"
    return [
        checks.Warning(
            f"The {names} {noun} {verb} not been checked by a professional translator: "
            "families may read wrong or unclear words about their child.",
            hint="When a professional translator has checked a language (its pages, forms, "
            "emails and site wording), tick 'Checked by a professional translator' in the "
            "admin: Settings > Translation checks.",
            id="golive.W010",
        )
    ]


def _loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost" or host.endswith(".localhost")


@checks.register(GOLIVE, deploy=True)
def links_in_emails_reach_the_site(app_configs=None, **kwargs):
    """The links in emails (WAGTAILADMIN_BASE_URL, from SITE_BASE_URL) go to this site, over
    HTTPS, and not to the machine that sends them."""
    base_url = settings.WAGTAILADMIN_BASE_URL
    address = urlsplit(base_url)
    host = address.hostname or ""
    bracketed = f"[{host}]" if ":" in host else host
    if (
        address.scheme != "https"
        or not host
        or not validate_host(bracketed, settings.ALLOWED_HOSTS)
    ):
        return [
            checks.Error(
                f"Links in emails would go to {base_url}, which is not this site's https:// "
                "address.",
                hint="Set SITE_BASE_URL to the site's public address, e.g. "
                "https://vig.example.gov.uk: https://, and a host in ALLOWED_HOSTS.",
                id="golive.E007",
            )
        ]
    if _loopback(host):
        return [
            checks.Warning(
                f"Links in emails go to {base_url}, this machine: nobody else can follow them.",
                hint="Set SITE_BASE_URL to the address families and staff use, e.g. "
                "https://vig.example.gov.uk.",
                id="golive.W007",
            )
        ]
    return []


NOT_SENDING = ("ConsoleTextBackend", "LocmemTextBackend")
NOTIFY_BACKEND = "referrals.outbox.texts.NotifyTextBackend"


@checks.register(GOLIVE, deploy=True)
def texts_reach_families(app_configs=None, **kwargs):
    """Texts (confirmations, session reminders) go through a real provider: GOV.UK Notify
    with its key and template, and its delivery receipts are accepted (docs/operations.md,
    "Texts through GOV.UK Notify")."""
    backend = settings.TEXT_BACKEND
    if backend.rsplit(".", 1)[-1] in NOT_SENDING:
        return [
            checks.Error(
                f"Texts to families would never leave this machine (TEXT_BACKEND is {backend}).",
                hint=f"Set TEXT_BACKEND={NOTIFY_BACKEND} (the default in production) with "
                "NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID, or name your SMS gateway's class.",
                id="golive.E008",
            )
        ]
    if backend != NOTIFY_BACKEND:
        return []  # another gateway's class: its own settings are its own
    missing = [
        name for name in ("NOTIFY_API_KEY", "NOTIFY_SMS_TEMPLATE_ID") if not getattr(settings, name)
    ]
    if missing:
        return [
            checks.Error(
                "Texts to families cannot be sent: GOV.UK Notify is not set up "
                f"({', '.join(missing)} not set).",
                hint="Set NOTIFY_API_KEY (a live key from GOV.UK Notify > API integration) and "
                "NOTIFY_SMS_TEMPLATE_ID (a text message template whose whole content is "
                "((body))). See docs/operations.md, 'Texts through GOV.UK Notify'.",
                id="golive.E008",
            )
        ]
    if not settings.NOTIFY_CALLBACK_TOKEN:
        return [
            checks.Warning(
                "GOV.UK Notify's delivery receipts would be refused: an officer would not be "
                "told of a text that never arrived.",
                hint="Set NOTIFY_CALLBACK_TOKEN to a long random string, and in GOV.UK Notify > "
                "API integration > Callbacks give the same token and the address "
                "<SITE_BASE_URL>/notify/delivery-receipts/.",
                id="golive.W008",
            )
        ]
    return []
