"""Real-browser tests: Playwright for Python drives Debian's Chromium against a live server.

Without Chromium (or without Playwright) the whole package is skipped with one line saying how
to enable it; everything else in the suite still runs. Browsers are never downloaded: we use
the system's /usr/bin/chromium through `executable_path`.

The live server needs a transactional database, which Django flushes after each test. Each
browser test therefore starts from the state migrations leave (restored by Django's serialized
rollback) and rebuilds the demo site, accounts and form pages itself (`site_data`).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
HOW_TO_ENABLE = "install Debian's chromium (`sudo apt-get install chromium`; .ci/run does this)"

if CHROMIUM is None:
    pytest.skip(
        f"Browser tests skipped: Chromium not found; {HOW_TO_ENABLE}", allow_module_level=True
    )
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    pytest.skip(
        "Browser tests skipped: Playwright is not installed; "
        "run `.venv/bin/pip install -r requirements-dev.txt`",
        allow_module_level=True,
    )

# Playwright's sync API runs an event loop in the test thread, so Django's async-safety check
# would refuse the test's own ORM calls. The test thread is still a plain synchronous thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from .support import BrowserPage  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def playwright_driver():
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
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


def _restore_migrated_state():
    """Start from exactly what migrations create, whatever ran before this test.

    Django's serialized rollback restores the migrated state before each test, but the first
    browser test starts on top of the session's demo data (non-transactional tests leave it in
    place), so flush and load the serialized state again when anything is left over.
    """
    from django.core.management import call_command
    from django.db import connection

    from home.models import HomePage

    if not HomePage.objects.exists():
        return
    call_command(
        "flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True
    )
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture
def site_data(live_server):
    """The demo site as `make run` builds it: pages, settings, staff accounts, form pages."""
    from home.demo import site as demo_site
    from referrals import demo_pages

    _restore_migrated_state()
    home, pages = demo_site.setup_site()
    accounts = list(demo_site.DEMO_ACCOUNTS)
    try:
        from referrals import demo_cases

        accounts += list(getattr(demo_cases, "DEMO_ACCOUNTS", []))
    except ImportError:  # pragma: no cover - the triage work may not exist yet
        pass
    demo_site.ensure_accounts(accounts)
    forms = demo_pages.setup_form_pages(home) or {}
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

    def open_(path="/", **context_options):
        context = browser_context_factory(**context_options)
        return BrowserPage(context.new_page(), live_server.url, screenshots_dir).goto(path)

    return open_
