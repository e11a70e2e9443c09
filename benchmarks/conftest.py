"""Benchmarks reuse the test fixtures (demo site built once per session)."""

from tests.conftest import _clear_cache, django_db_setup, home_page, site, site_settings  # noqa: F401
