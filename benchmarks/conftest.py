"""Benchmarks reuse the test fixtures (demo site built once per session, form pages, answers)."""

from tests.conftest import _clear_cache, django_db_setup, home_page, site, site_settings  # noqa: F401
from tests.referrals.intake.conftest import form_pages, refer_url, referral_data  # noqa: F401
