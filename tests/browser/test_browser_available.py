"""The browser tests' own precondition. On a machine that cannot run them, this is the only
browser test collected, and its skip is the one line saying how to enable them; in CI it fails
with that line instead."""

import pytest

from .availability import CHROMIUM, CHROMIUM_ARGS, MISSING, skip_or_fail

pytestmark = pytest.mark.browser


def test_chromium_starts_headless_for_the_browser_tests():
    if MISSING:
        skip_or_fail()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.set_content("<main><h1>VIG Support</h1></main>")
        assert page.locator("h1").inner_text() == "VIG Support"
        browser.close()
