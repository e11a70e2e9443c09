"""Every public page in a real browser: accessibility, console, small screens, zoom, keyboard."""

import pytest
from wagtail.models import Page

from home.models.wait import PublicWait

from .neutral_site import NEUTRAL_SITE, serve_neutral_site_locally
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
def current_wait(site_data):
    """The current wait is shown, as on a fresh `make run` (worked out from the demo's cases)."""
    return PublicWait.objects.create(weeks=7, families=27)


@pytest.fixture
def paths(site_data, current_wait):
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


# Quick exit ------------------------------------------------------------------------------
def session_with_answers_in_progress(page):
    """Give the browser a session holding answers in progress, as the question pages keep
    them (keys starting 'intake:'), and return its key."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from referrals.intake.answers import SESSION_PREFIX as INTAKE_SESSION_PREFIX

    store = SessionStore()
    store[f"{INTAKE_SESSION_PREFIX}referral"] = {"adult_name": "Sam Example"}
    store["not-an-answer"] = "kept"
    store.create()
    page.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": page.base_url}]
    )
    return store.session_key


def answers_left(session_key):
    from django.contrib.sessions.backends.db import SessionStore

    from referrals.intake.answers import SESSION_PREFIX as INTAKE_SESSION_PREFIX

    data = SessionStore(session_key=session_key).load()
    assert data.get("not-an-answer") == "kept", "leaving must not end the whole session"
    return [key for key in data if key.startswith(INTAKE_SESSION_PREFIX)]


def test_the_quick_exit_is_first_in_the_main_content_of_every_public_page(
    open_page, paths, server_error_page
):
    for path in [*paths, NOT_FOUND_PATH, server_error_page]:
        page = open_page(path, width=320, height=640)
        first = page.page.evaluate(
            "() => { const el = document.querySelector('main a[href], main button, main input');"
            " return el && { exit: el.hasAttribute('data-exit-this-page-link'),"
            " text: el.innerText.trim() }; }"
        )
        assert first["exit"], path
        assert first["text"].endswith("Leave this site quickly"), path
        # Skip link, then Enter: the next Tab reaches the exit before anything else in main.
        page.tab()
        page.page.keyboard.press("Enter")
        assert page.tab()["text"].endswith("Leave this site quickly"), path


@pytest.mark.parametrize(
    ("height", "position"),
    [(800, "sticky"), (499, "static"), (200, "static")],
    ids=["tall-window", "short-window", "400-percent-zoom"],
)
def test_the_quick_exit_stays_on_screen_only_where_the_window_is_tall_enough(
    open_page, site_data, height, position
):
    page = open_page(
        site_data["pages"]["cycle"].get_url(), width=320 if height == 200 else 1280, height=height
    )
    found = page.page.evaluate(
        "() => getComputedStyle(document.querySelector('.exit-this-page')).position"
    )
    assert found == position


@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["with-js", "without-js"])
def test_leaving_quickly_wipes_the_answers_in_progress_and_shows_the_neutral_site(
    open_page, site_data, java_script_enabled
):
    page = open_page("/", java_script_enabled=java_script_enabled)
    serve_neutral_site_locally(page.page.context)
    session_key = session_with_answers_in_progress(page)
    cycle = site_data["pages"]["cycle"].get_url()
    page.goto(cycle)
    beacons = []
    page.page.on(
        "request",
        lambda request: (
            beacons.append(request.url)
            if request.method == "POST" and request.url.endswith("/leave/")
            else None
        ),
    )
    with page.page.expect_navigation(url=NEUTRAL_SITE):
        page.page.get_by_role("link", name="Emergency: Leave this site quickly").click()
    assert page.page.title() == "Weather"
    if java_script_enabled:
        page.page.wait_for_timeout(500)  # the beacon is sent as the page goes
        assert beacons, "the page did not send /leave/ its beacon"
        # The page replaced itself in the history: Back does not show it again.
        page.page.go_back()
        assert page.path != cycle
    assert answers_left(session_key) == []


def test_pressing_shift_three_times_leaves_any_page(open_page, site_data):
    page = open_page("/")
    serve_neutral_site_locally(page.page.context)
    session_key = session_with_answers_in_progress(page)
    page.goto(site_data["pages"]["privacy"].get_url())
    assert page.page.get_by_text("Or press Shift 3 times.").is_visible()
    with page.page.expect_navigation(url=NEUTRAL_SITE):
        for _ in range(3):
            page.page.keyboard.press("Shift")
    page.page.wait_for_timeout(500)
    assert answers_left(session_key) == []


def test_the_quick_exit_links_to_advice_on_covering_your_tracks(open_page, site_data):
    page = open_page(site_data["pages"]["cycle"].get_url(), width=320, height=640)
    exit_help = page.page.locator(".exit-this-page__help")
    exit_help.get_by_role("link", name="How to cover your tracks online").click()
    page.page.wait_for_load_state("load")
    assert page.path == site_data["pages"]["cover_tracks"].get_url()
    assert page.page.locator("h1").inner_text() == "How to cover your tracks online"


# The home page's first screen ------------------------------------------------------------
@pytest.mark.parametrize(("width", "height"), [(320, 640), (1280, 800)])
def test_the_facts_at_a_glance_and_the_start_button_fit_the_first_screen(
    open_page, site_data, current_wait, width, height
):
    page = open_page("/", width=width, height=height)
    page.screenshot(f"home-first-screen-{height}")
    boxes = page.page.evaluate(
        """() => [...document.querySelectorAll(
                'main .lead, main .glance__list > li, main .glance .button--start'
            )].map((el) => {
                const box = el.getBoundingClientRect();
                return {text: el.innerText.trim().slice(0, 40), top: box.top,
                        bottom: box.bottom};
            })"""
    )
    assert len(boxes) == 7, boxes  # the lead, five facts and the start button
    below = [box for box in boxes if box["bottom"] > height or box["top"] < 0]
    assert not below, f"outside the first {width}x{height} screen: {below}"


def test_each_page_has_at_most_one_start_button_and_it_is_a_plain_link(open_page, paths, site_data):
    for path in paths:
        page = open_page(path)
        found = page.page.evaluate(
            """() => [...document.querySelectorAll('.button--start')].map((el) => ({
                tag: el.tagName.toLowerCase(), role: el.getAttribute('role')}))"""
        )
        assert len(found) <= 1, path
        assert all(button == {"tag": "a", "role": None} for button in found), path
    # The home page's start button follows its link with Enter, like any link.
    home = open_page("/")
    home.page.locator(".glance .button--start").focus()
    with home.page.expect_navigation():
        home.page.keyboard.press("Enter")
    assert home.path == site_data["forms"]["refer"].get_url()
