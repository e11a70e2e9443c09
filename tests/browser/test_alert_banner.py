"""The alert banner in a real browser: accessible (axe at 0) at 320 and 1280 pixels wide, shown
without JavaScript, and no Content Security Policy complaint about the home page's JSON-LD."""

import re

import pytest

from home.models import AlertBanner

from .journeys import log_in
from .support import format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLOSED = "We are closed from 24 to 26 December."


@pytest.fixture
def banners(site_data):
    AlertBanner.objects.create(heading=CLOSED, text="If a child is in danger, phone 999.")
    AlertBanner.objects.create(
        kind=AlertBanner.INFORMATION,
        heading="New parent groups start in March.",
        text="Ask us about them when we phone you.",
    )


@pytest.fixture
def paths(site_data, banners):
    forms = site_data["forms"]
    return ["/", "/what-happens-in-a-vig-cycle/", forms["enquiry"].url, "/no-such-page/"]


def test_pages_with_banners_have_no_axe_violations_at_320_and_1280_pixels(open_page, paths):
    failures = []
    for path in paths:
        for width in (320, 1280):
            page = open_page(path, width=width)
            assert page.page.locator("[data-alert-banner]").count() == 2, path
            page.screenshot(f"banner-{path}")
            violations = page.axe_violations()
            if violations:
                failures.append(f"{path} at {width}px\n{format_violations(violations)}")
    assert not failures, "\n\n".join(failures)


def test_the_banner_shows_without_javascript_as_a_named_region(open_page, banners):
    page = open_page("/", java_script_enabled=False)
    region = page.page.get_by_role("region", name="Important")
    assert region.is_visible()
    assert CLOSED in region.inner_text()
    assert page.page.get_by_role("region", name="Information").is_visible()


def test_the_home_page_with_its_json_ld_raises_no_console_errors(open_page, banners):
    page = open_page("/")
    assert page.page.locator('script[type="application/ld+json"]').count() == 1
    assert not page.problems()


# The banners' list, in whichever language it shows (banners are translatable: "?locale=en-gb").
BANNER_LIST = re.compile(r"/admin/snippets/home/alertbanner/(\?locale=[\w-]+)?$")


def test_an_editor_sets_a_banner_that_appears_at_once_on_the_public_pages(open_page, site_data):
    public = open_page("/")
    assert public.page.locator("[data-alert-banner]").count() == 0
    admin = open_page("/admin/login/")
    log_in(admin, "editor", "vig-demo-editor")
    admin.goto("/admin/")
    admin.page.get_by_role("link", name="Alert banners").click()
    admin.page.wait_for_url(BANNER_LIST)
    admin.goto("/admin/snippets/home/alertbanner/add/")
    admin.page.locator("#id_heading").fill(CLOSED)
    admin.page.locator("#id_text").fill("If a child is in danger, phone 999.")
    admin.page.get_by_role("button", name="Save").click()
    admin.page.wait_for_url(BANNER_LIST)
    refused = [line for line in admin.problems() if "Content Security Policy" in line]
    assert not refused, refused
    public.goto("/privacy/")
    assert CLOSED in public.page.get_by_role("region", name="Important").inner_text()
