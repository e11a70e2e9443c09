"""Production: PostgreSQL, Redis, a real email provider, reCAPTCHA, HTTPS.

Refuses to start without the configuration it needs, rather than running half-configured.
"""

import contextlib
import ipaddress
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    EMAIL_BACKEND,
    OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN,
    OTP_WEBAUTHN_ALLOWED_ORIGINS,
    OTP_WEBAUTHN_RP_ID,
    RECAPTCHA_PRIVATE_KEY,
    RECAPTCHA_PUBLIC_KEY,
    REDIS_URL,
    SECRET_KEY,
    STORAGES,
    TRUSTED_PROXIES,
    env_bool,
    env_int,
    env_list,
)

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated)")
# The site's public address, for the links in emails (base.py's development default would send
# families and the team to http://127.0.0.1:8000).
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "").strip()
if not SITE_BASE_URL:
    raise ImproperlyConfigured(
        "SITE_BASE_URL must be set in production: the site's public address, e.g. "
        "https://vig.example.gov.uk, used for the links in emails"
    )
_site_address = urlsplit(SITE_BASE_URL)
if _site_address.scheme != "https" or not _site_address.hostname:
    raise ImproperlyConfigured(
        f"SITE_BASE_URL must be an https:// address, e.g. https://vig.example.gov.uk, "
        f"not {SITE_BASE_URL!r}"
    )
_site_host = _site_address.hostname
if not validate_host(f"[{_site_host}]" if ":" in _site_host else _site_host, ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        f"SITE_BASE_URL's host {_site_host!r} must be one of ALLOWED_HOSTS: links in emails "
        "would go to a site that is not this one"
    )
WAGTAILADMIN_BASE_URL = SITE_BASE_URL.rstrip("/")
# Passkeys belong to the site's own address: a passkey made for any other would not work here,
# and one this site accepted from another origin could be relayed by a look-alike site.
_site_origin = f"https://{_site_address.netloc}"
if OTP_WEBAUTHN_RP_ID != _site_host or OTP_WEBAUTHN_ALLOWED_ORIGINS != [_site_origin]:
    raise ImproperlyConfigured(
        f"Passkeys' relying party ({OTP_WEBAUTHN_RP_ID!r}, origins "
        f"{OTP_WEBAUTHN_ALLOWED_ORIGINS!r}) must be SITE_BASE_URL's host {_site_host!r} and "
        f"origin {_site_origin!r}"
    )
with contextlib.suppress(ValueError):
    ipaddress.ip_address(_site_host)
    raise ImproperlyConfigured(
        f"SITE_BASE_URL must name the site by a host name, not an address ({_site_host!r}): "
        "passkeys work only on a host name"
    )
if OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN:
    raise ImproperlyConfigured("Passkeys are a second factor only: passwordless sign-in is off")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in production (PostgreSQL)")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: the cache and the submission rate limit "
        "are shared by every process"
    )
if not (RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY) and not env_bool("RECAPTCHA_DISABLED"):
    raise ImproperlyConfigured(
        "RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY must be set in production "
        "(or RECAPTCHA_DISABLED=true to run without reCAPTCHA on purpose)"
    )
if not TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "TRUSTED_PROXIES must be set in production: the addresses (or CIDR ranges) of your own "
        "reverse proxies, whose X-Forwarded-For is believed; or TRUSTED_PROXIES=none when "
        "clients connect directly. Without it every visitor behind the proxy would share one "
        "rate limit and one sign-in throttle."
    )
if EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend")):
    raise ImproperlyConfigured(
        "EMAIL_BACKEND must name a real provider in production, "
        "e.g. anymail.backends.amazon_ses.EmailBackend"
    )

# Texts go through GOV.UK Notify unless another gateway's class is named; the go-live check
# (referrals.checks, golive.E008) says which of its keys are missing.
TEXT_BACKEND = os.environ.get("TEXT_BACKEND", "referrals.outbox.texts.NotifyTextBackend")

# The worker (`manage.py task_worker`) sends the outbox and runs the task queue.
OUTBOX_SEND_AT_COMMIT = False
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)
# Managers (and superusers) sign in with a passkey, not a code; PASSKEY_REQUIRED_GROUPS=none
# turns the requirement off on purpose.
PASSKEY_REQUIRED_GROUPS = [
    name for name in env_list("PASSKEY_REQUIRED_GROUPS", ["Managers"]) if name.lower() != "none"
]

# Uploads as in base (MEDIA_ROOT, or the bucket when AWS_STORAGE_BUCKET_NAME is set).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
