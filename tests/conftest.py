"""Shared fixtures. The demo site (home page, information pages, site settings) is built once
per test session; each test runs in a transaction that is rolled back.

Transactional tests (the browser tests) flush the database after each test, so pytest-django
runs them after all the others; they rebuild what they need themselves.
"""

import pytest
from wagtail.models import Site

from home.demo import site as demo_site
from home.models import HomePage, SiteSettings


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_site.setup_site()
        demo_site.ensure_accounts()


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site_settings(site):
    return SiteSettings.for_site(site)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (rate limits, cached pages)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
