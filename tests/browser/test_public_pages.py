"""Every public page in a real browser: accessibility, console, small screens, zoom, keyboard."""

import pytest
from wagtail.models import Page

from .support import format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOT_FOUND_PATH = "/no-such-page/"
SERVER_ERROR_PATH = "/__raise__/"


def public_page_paths():
    """Every published page a visitor can reach: home, information pages and the forms."""
    pages = Page.objects.live().public().filter(depth__gt=1).order_by("path")
    return [page.get_url() for page in pages]


@pytest.fixture
def paths(site_data):
    paths = public_page_paths()
    assert len(paths) >= 4, "the demo content should have a home page and information pages"
    return paths


@pytest.fixture
def server_error_page(settings):
    """Route /__raise__/ to a view that fails; DEBUG is off, so Django serves 500.html."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.DEBUG = False
    return SERVER_ERROR_PATH


def test_every_public_page_has_no_axe_violations(open_page, paths, server_error_page):
    failures = []
    for path, expected_status in [
        *[(path, 200) for path in paths],
        (NOT_FOUND_PATH, 404),
        (server_error_page, 500),
    ]:
        page = open_page(path)
        assert page.status == expected_status, path
        violations = page.axe_violations()
        if violations:
            failures.append(f"{path}\n{format_violations(violations)}")
    assert not failures, "\n\n".join(failures)


def test_public_pages_load_without_console_errors_or_failed_requests(
    open_page, paths, server_error_page
):
    """Also writes screenshots of every public page at 320 and 1280 pixels wide."""
    problems = []
    for path in [*paths, NOT_FOUND_PATH, server_error_page]:
        for width in (320, 1280):
            page = open_page(path, width=width)
            name = {NOT_FOUND_PATH: "404", server_error_page: "500"}.get(path, path)
            page.screenshot(name)
            problems += [f"{path} at {width}px: {problem}" for problem in page.problems()]
    assert not problems, "\n".join(problems)


def test_public_pages_fit_a_320_pixel_wide_screen_without_sideways_scrolling(
    open_page, paths, server_error_page
):
    too_wide = {}
    for path in [*paths, NOT_FOUND_PATH, server_error_page]:
        overflow = open_page(path, width=320, height=640).horizontal_overflow()
        if overflow > 0:
            too_wide[path] = f"{overflow}px wider than the screen"
    assert not too_wide


@pytest.mark.parametrize(
    ("width", "scale"),
    [(640, 2), (320, 4)],
    ids=["200-percent-zoom", "400-percent-zoom"],
)
def test_text_does_not_overlap_when_zoomed(open_page, paths, width, scale):
    """A 1280px window zoomed to 200% lays out like a 640px one with twice the pixels."""
    overlaps = {}
    for path in paths:
        page = open_page(path, width=width, height=1280 // scale * 1, device_scale_factor=scale)
        # Open every question so the answers' text is laid out too.
        page.page.evaluate(
            "() => document.querySelectorAll('main details').forEach((d) => { d.open = true; })"
        )
        found = page.overlapping_text()
        if found:
            overlaps[path] = found
    assert not overlaps


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(open_page, paths):
    for path in paths:
        page = open_page(path)
        first = page.tab()
        assert first["text"] == "Skip to main content", path
        assert first["visible"], f"the skip link's focus is not visible on {path}"
        assert page.page.locator("a.skip-link").is_visible()
        page.page.keyboard.press("Enter")
        assert page.focused()["id"] == "main-content", path


def test_every_link_and_control_on_public_pages_shows_where_the_focus_is(open_page, paths):
    invisible = []
    for path in paths:
        page = open_page(path)
        count = page.page.evaluate(
            "() => document.querySelectorAll('a[href], button, input, select, textarea, "
            'summary, [tabindex]:not([tabindex="-1"])\').length'
        )
        seen = set()
        for _ in range(count + 5):
            focused = page.tab()
            if focused is None:
                break
            key = (focused["tag"], focused["href"], focused["text"])
            if key in seen and focused["text"] == "Skip to main content":
                break  # wrapped round to the start
            seen.add(key)
            if not focused["visible"]:
                invisible.append(f"{path}: {focused}")
        assert len(seen) >= 5, f"too few tab stops on {path}: {seen}"
    assert not invisible, "\n".join(invisible)


def test_questions_open_and_close_with_the_keyboard(open_page, site_data):
    page = open_page(site_data["pages"]["cycle"].get_url())
    summary = page.tab_until(lambda f: f["tag"] == "summary")
    details = page.page.locator("main details").first
    assert details.get_attribute("open") is None
    page.page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    page.page.keyboard.press("Space")
    assert details.get_attribute("open") is None
    assert summary["visible"]
