"""Real-browser tests: Playwright for Python drives Debian's Chromium against a live server.

Without Chromium (or without Playwright) only test_browser_available.py is collected, and its
skip is one line saying how to enable the rest; everything else in the suite still runs. In CI
(tests/skip_policy.py) that test fails with the same line instead, so CI never passes without
the browser tests.
Browsers are never downloaded: we use the system's /usr/bin/chromium through `executable_path`.

The live server needs a transactional database, which Django flushes after each test. Each
browser test therefore starts from the state migrations leave (Django's serialized copy of it,
`migrated_state`) and rebuilds the demo site, accounts and form pages itself (`site_data`).
"""

import os
from pathlib import Path

import pytest

from home.demo import site as demo_site
from referrals.demo import cases as demo_cases
from referrals.demo import pages as demo_pages

from .availability import CHROMIUM, CHROMIUM_ARGS, SKIP_REASON

if SKIP_REASON:
    # Collect only test_browser_available.py, whose skip (a failure in CI) says how to enable
    # the rest.
    collect_ignore = [
        path.name
        for path in Path(__file__).resolve().parent.glob("test_*.py")
        if path.name != "test_browser_available.py"
    ]
else:
    # Playwright's sync API marks an event loop as running in the test thread, so Django's
    # async-safety check would refuse the test's own ORM calls; the thread is still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def migrated_state(django_db_setup):
    """What migrations create, serialized when the test database was built (tests/conftest.py).

    While Playwright's sync API is active it marks an event loop as running in this thread,
    and Django then keeps database connections per async context rather than per thread: the
    test code gets a second connection, which does not carry Django's own serialized copy (so
    Django's serialized rollback would silently do nothing there). We hand it ours.
    """
    from tests.conftest import MIGRATED_STATE

    return MIGRATED_STATE["default"]


@pytest.fixture(scope="module")
def playwright_driver(migrated_state):
    """One Playwright per test module, so no event loop stays marked as running afterwards
    for the (transactional) tests that pytest-django runs after the browser tests."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver
        # Close the connections this module's tests opened while the loop was running;
        # nothing else can reach them, and an open one stops the test database being dropped.
        connections.close_all()


@pytest.fixture(scope="module")
def chromium(playwright_driver):
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def _restore_migrated_state(contents):
    """Start from exactly what migrations create, whatever ran before this test: the session's
    demo data (left by the non-transactional tests) or a flushed database."""
    from django.db import connection
    from wagtail.models import Page

    from home.models import HomePage
    from tests.conftest import restore_migrated_state

    # This test's connection (see `migrated_state`) carries the copy too, so that Django's
    # serialized rollback works on it: flush without re-creating content types after the
    # test, and reload the migrated state before the next one.
    connection._test_serialized_contents = contents
    if Page.objects.filter(depth=1).exists() and not HomePage.objects.exists():
        return  # already the migrated state
    restore_migrated_state()


@pytest.fixture
def site_data(live_server, migrated_state, chromium):
    """The demo site as `make run` builds it: pages, settings, staff accounts, form pages."""
    _restore_migrated_state(migrated_state)
    home, pages = demo_site.setup_site()
    demo_site.ensure_accounts([*demo_site.DEMO_ACCOUNTS, *demo_cases.DEMO_ACCOUNTS])
    forms = demo_pages.setup_form_pages(home)
    return {"home": home, "pages": pages, "forms": forms}


@pytest.fixture
def browser_context_factory(chromium):
    """Make browser contexts (one per viewport or JavaScript setting); close them after."""
    contexts = []

    def make(*, width=1280, height=900, java_script_enabled=True, device_scale_factor=1):
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=java_script_enabled,
            device_scale_factor=device_scale_factor,
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def open_page(browser_context_factory, live_server, site_data, screenshots_dir):
    """Open a path of the live site in a fresh tab; returns a `BrowserPage` helper."""

    from .support import BrowserPage

    def open_(path="/", **context_options):
        context = browser_context_factory(**context_options)
        return BrowserPage(context.new_page(), live_server.url, screenshots_dir).goto(path)

    return open_
