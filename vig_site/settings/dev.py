"""Development: needs no environment variable at all."""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, TEAM_NOTIFICATION_EMAIL, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
DEMO_ACCOUNTS_ALLOWED = True
# New-referral notifications print to the console in development.
TEAM_NOTIFICATION_EMAIL = TEAM_NOTIFICATION_EMAIL or "vig-team@example.invalid"
# Texts print to the console too (base: TEXT_BACKEND), with no GOV.UK Notify key.
