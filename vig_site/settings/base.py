"""Settings true in every environment. dev.py, test.py and production.py only differ.

Every value that changes between deployments comes from the environment; see the
configuration table in README.md.
"""

import os
from pathlib import Path

import dj_database_url

from vig_site.client_address import parse_trusted_proxies
from vig_site.environment import env_bool, env_int, env_list, webauthn_party
from vig_site.media_storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "referrals",
    # Translated pages, snippets and wording: side by side in the admin, PO files out and in
    # (no machine translation: WAGTAILLOCALIZE_MACHINE_TRANSLATOR is never set).
    "wagtail_localize",
    "wagtail_localize.locales",  # the Locales screen, with "synchronise from English"
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",  # sitemap.xml (home.directory.search_engines)
    "wagtail.embeds",
    "wagtail.sites",
    "referrals.apps.StaffUsersConfig",  # wagtail.users, with our staff-account rules
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_recaptcha",
    "anymail",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",  # passkeys as a second factor (referrals.staff.passkeys)
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",  # its sitemap.xml template
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vig_site.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language is the address's prefix (/pl/, /ar/; none for English): never a cookie or
    # the browser's preference, so a cached page, a link in an email and Back all agree.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vig_site.middleware.StaffSessionMiddleware",
    "referrals.staff.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vig_site.middleware.ContentSecurityPolicyMiddleware",
    "vig_site.middleware.SecurityHeadersMiddleware",
    "vig_site.login_throttle.ThrottleResponseMiddleware",
    "referrals.staff.audit_gate.GuiderAuditLogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a cached page still gets every header the middleware above adds.
    "home.cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "vig_site.urls"
WSGI_APPLICATION = "vig_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production); SQLite in the project folder otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under `make run` takes concurrent submissions: write-ahead logging
    # lets readers go on while one request writes; IMMEDIATE transactions take the write lock
    # at their start, so two writers queue (up to the busy timeout) instead of one failing
    # with "database is locked" when its read lock cannot be upgraded.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Values are sent to PostgreSQL apart from the statement (psycopg's server-side binding),
    # not quoted into it in Python; a statement a connection runs often (a submission's
    # inserts, the worker's claim) is then prepared once (measured: the send's web CPU from
    # 9.8 to 8.3 ms).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    # A database that does not answer at all (a dropped network, not a refused connection) is
    # given up after this many seconds, so the worker's wait-and-reconnect and a request's 503
    # happen instead of a hang.
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 10)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every process and machine), else local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "vig_site.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vig",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The languages a family can read the site in, each named in itself (the language switcher
# shows these names). English is the source and has no prefix in the address. Adding a language:
# docs/operations.md, "Adding a language".
LANGUAGES = [("en-gb", "English"), ("pl", "Polski"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Staff screens stay in English whatever the browser asks for.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads on the local disk (MEDIA_ROOT), or in S3-compatible object storage when
# AWS_STORAGE_BUCKET_NAME is set (vig_site.media_storage; README, "Media").
_MEDIA = media_storage(os.environ)
STORAGES = {
    **_MEDIA["STORAGES"],
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if _MEDIA["WAGTAILIMAGES_RENDITION_STORAGE"]:
    WAGTAILIMAGES_RENDITION_STORAGE = _MEDIA["WAGTAILIMAGES_RENDITION_STORAGE"]
# Where pages' images come from besides the site itself (the bucket), for the CSP.
MEDIA_IMG_SOURCES = _MEDIA["MEDIA_IMG_SOURCES"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Sessions live in the database, so any process on any machine can serve any request
# (Django's database sessions; vig_site.session_store ends one in a single statement).
SESSION_ENGINE = "vig_site.session_store"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# A failed CSRF check (cookies blocked or expired) gets a page that says what to do.
CSRF_FAILURE_VIEW = "vig_site.views.csrf_failure"

# Security headers (CSP comes from django-csp below).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Content Security Policy for the public site. No inline scripts or styles. reCAPTCHA's
# hosts are allowed only when keys are configured (see RECAPTCHA_* below). The Wagtail
# admin gets its own policy (vig_site.middleware.ADMIN_CSP: inline styles, framing its own
# previews), wherever Wagtail's URLs mount it (vig_site.admin_path).
CSP_RECAPTCHA_SOURCES = ["https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_IMG_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "VIG Support"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
# The admin does not ask Wagtail's site for a newer release (its policy allows no such request;
# upgrades are planned through requirements.txt and docs/upgrading.md).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Images: a pixel limit a council page needs, with an error that says what to do (home.forms).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.ImageForm"
# mp4, webm and vtt: a video block's own video (a BSL video) and its captions (home.blocks).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "mp4", "webm", "vtt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every document is served through Wagtail's document view, on local disk and with object
# storage alike, so a private collection's restriction is always checked; never a redirect to
# the file's own address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Wagtail's responsive embed wrapper uses an inline style, which the CSP forbids; CSS sizes
# embeds instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
# The reset email is queued for every address, known or not (referrals.staff.accounts).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "referrals.staff.accounts.QueuedPasswordResetForm"  # noqa: S105
# No third-party avatar service: staff email addresses are not sent anywhere.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Email: django-anymail chooses the provider; EMAIL_BACKEND and the provider's credentials
# come from the environment (see README). Development prints to the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "VIG Support <no-reply@localhost>")
# Where Django's file-based backend writes each message (make run-prod uses it).
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where new-referral notifications go when the site settings have no team email address.
TEAM_NOTIFICATION_EMAIL = os.environ.get("TEAM_NOTIFICATION_EMAIL", "")
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_") and value
}

# Background work. The outbox's emails are sent by the worker (`manage.py task_worker`, see
# referrals.outbox.worker) in production; with no worker running (development, tests) they are sent
# as the request's transaction commits. Other tasks (the staff password reset) go through
# django-tasks: run at once here, by the worker's task thread in production.
OUTBOX_SEND_AT_COMMIT = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Texts: the worker hands them to TEXT_BACKEND (referrals.outbox.texts), GOV.UK Notify in
# production, the console here (docs/operations.md, "Texts through GOV.UK Notify").
TEXT_BACKEND = os.environ.get("TEXT_BACKEND", "referrals.outbox.texts.ConsoleTextBackend")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_SMS_SENDER_ID = os.environ.get("NOTIFY_SMS_SENDER_ID", "")
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "")

# Spam protection: reCAPTCHA v3 only when both keys are configured.
RECAPTCHA_PUBLIC_KEY = os.environ.get("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = os.environ.get("RECAPTCHA_PRIVATE_KEY", "")
RECAPTCHA_REQUIRED_SCORE = float(os.environ.get("RECAPTCHA_REQUIRED_SCORE", "0.5"))
# Off on purpose (RECAPTCHA_DISABLED=true) is not the same as off because nobody set the keys:
# the go-live checks (referrals.checks) refuse the second.
RECAPTCHA_OFF_ON_PURPOSE = env_bool("RECAPTCHA_DISABLED", False)
RECAPTCHA_ENABLED = (
    bool(RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY) and not RECAPTCHA_OFF_ON_PURPOSE
)
RECAPTCHA_TIMEOUT = env_int("RECAPTCHA_TIMEOUT", 5)
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = RECAPTCHA_TIMEOUT  # the name django-recaptcha reads
if RECAPTCHA_ENABLED:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] += CSP_RECAPTCHA_SOURCES
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"] += ["https://www.google.com/recaptcha/"]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"] += ["https://www.google.com/recaptcha/"]
SILENCED_SYSTEM_CHECKS = ["django_recaptcha.recaptcha_test_key_error"]

# Our own reverse proxies (addresses or CIDR ranges, comma-separated; "none" for none): only
# from these is X-Forwarded-For believed (vig_site.client_address). Production requires it.
TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")
TRUSTED_PROXY_NETWORKS = parse_trusted_proxies(TRUSTED_PROXIES)

# Submissions per client per window before the friendly "please phone us" page.
SUBMISSION_RATE_LIMIT = env_int("SUBMISSION_RATE_LIMIT", 5)
SUBMISSION_RATE_WINDOW_SECONDS = env_int("SUBMISSION_RATE_WINDOW_SECONDS", 600)

# Triage and retention.
TRIAGE_OVERDUE_DAYS = env_int("TRIAGE_OVERDUE_DAYS", 5)
RETENTION_CLOSED_DAYS = env_int("RETENTION_CLOSED_DAYS", 365 * 2)
# Casework: a shared review is overdue this many days after its filming; footage is due for
# deletion this many days after the work ends (unless training consent keeps it longer).
REVIEW_WITHIN_DAYS = env_int("REVIEW_WITHIN_DAYS", 14)
FOOTAGE_DELETE_AFTER_DAYS = env_int("FOOTAGE_DELETE_AFTER_DAYS", 30)
REMINDER_WORKING_DAYS = env_int("REMINDER_WORKING_DAYS", 2)  # referrals.casework.reminders

# Public pages are cached for anonymous visitors for this many seconds (0 turns it off).
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs the request line for 4xx/5xx responses; our URLs never carry personal
        # data (references are the only identifiers in URLs).
        "django.request": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# Staff sign-in throttling: failures per client and per account within the window.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900)
# Two-factor sign-in for everyone who can see referral data (referrals.staff.two_factor). On in
# production unless turned off on purpose; off in development so the demo logins just work.
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", False)
STAFF_MFA_OFF_ON_PURPOSE = env_bool("STAFF_MFA_REQUIRED", True) is False  # set to false
OTP_TOTP_ISSUER = "VIG Support"
# The code step counts in the one sign-in throttle (vig_site.login_throttle), with its message;
# django-otp's own per-device delay would be a second, silent one.
OTP_TOTP_THROTTLE_FACTOR = 0
# Passkeys and security keys as the second factor (referrals.staff.passkeys), never instead of
# the password. The relying party is the site's own address, so a passkey works only there (a
# look-alike site cannot use it). Over plain HTTP on an address (development's
# http://127.0.0.1:8000) WebAuthn needs a host name: there passkeys work at http://localhost.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "VIG Support"
OTP_WEBAUTHN_RP_ID, OTP_WEBAUTHN_ALLOWED_ORIGINS = webauthn_party(WAGTAILADMIN_BASE_URL)
# Roles whose members must use a passkey, not a code (with superusers whenever any is named);
# production names Managers unless told otherwise.
PASSKEY_REQUIRED_GROUPS = env_list("PASSKEY_REQUIRED_GROUPS")

# Staff sessions: signed out after this long without a request, and this long after signing in.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 60 * 60
LOGIN_DELAY_SECONDS = env_int("LOGIN_DELAY_SECONDS", 15)
LOGIN_MAX_DELAY_SECONDS = env_int("LOGIN_MAX_DELAY_SECONDS", 300)
# Every password check goes through the throttle first (vig_site.login_throttle).
AUTHENTICATION_BACKENDS = ["vig_site.login_throttle.ThrottledModelBackend"]

# setup_demo creates staff accounts with well-known passwords only where this is true.
DEMO_ACCOUNTS_ALLOWED = False
