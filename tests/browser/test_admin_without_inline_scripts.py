"""The Wagtail admin works under a Content Security Policy that allows no inline script, and an
editor's side-by-side preview shows the page.

The admin's policy allows scripts from the site only (vig_site.middleware.ADMIN_CSP). Wagtail 8
still writes inline scripts for its date pickers and inline panels; ours carry those calls as
data (home.wagtail_hooks). Chromium reports every script the policy refuses in the console, so
walking the admin's screens and reading the console shows what would break. The preview panel
frames the previewed page, which must not carry the public pages' frame-ancestors 'none'.
"""

import pytest
from wagtail.models import Page, Workflow

from .journeys import log_in
from .support import refused

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def admin_screens(site_data):
    home = site_data["home"]
    pages = {page.specific_class: page for page in Page.objects.descendant_of(home, inclusive=True)}
    return [
        "/admin/",
        f"/admin/pages/{home.id}/",
        *(f"/admin/pages/{page.id}/edit/" for page in pages.values()),
        f"/admin/pages/add/home/informationpage/{home.id}/",
        "/admin/settings/home/sitesettings/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/workflows/list/",
        f"/admin/workflows/edit/{Workflow.objects.first().id}/",
        "/admin/referrals/referral/",
        "/admin/referrals/enquiry/",
        "/admin/referrals/report/",
        "/admin/reports/site-history/",
    ]


def test_no_admin_screen_needs_an_inline_script(open_page, site_data):
    admin = open_page("/admin/login/")
    log_in(admin, "admin", "vig-demo-admin")
    problems = {}
    for path in admin_screens(site_data):
        admin.goto(path)
        assert admin.status < 400, path
        if found := refused(admin):
            problems[path] = found
        admin.console_errors.clear()
    assert problems == {}


def test_the_date_pickers_and_inline_panels_still_start(open_page, site_data):
    admin = open_page("/admin/login/")
    log_in(admin, "admin", "vig-demo-admin")

    # Scheduled publishing's date and time picker (Wagtail's inline script, now ours).
    admin.goto(f"/admin/pages/{site_data['home'].id}/edit/")
    started = admin.page.evaluate(
        "() => !!window.jQuery('#id_go_live_at').data('xdsoft_datetimepicker')"
    )
    assert started

    # The workflow editor's tasks: an inline panel whose "Add" button adds a task form.
    admin.goto(f"/admin/workflows/edit/{Workflow.objects.first().id}/")
    total = admin.page.locator("input[name$='-TOTAL_FORMS']").first
    before = int(total.input_value())
    admin.page.locator("button[id$='-ADD']").first.click()
    assert int(total.input_value()) == before + 1
    assert refused(admin) == []


def test_an_editor_sees_the_page_in_the_side_by_side_preview(open_page, site_data):
    home = site_data["home"]
    admin = open_page("/admin/login/")
    log_in(admin, "editor", "vig-demo-editor")
    admin.goto(f"/admin/pages/{home.id}/edit/")
    admin.page.get_by_role("button", name="Toggle preview").click()
    frame = admin.page.frame_locator("#w-preview-iframe")
    heading = frame.locator("h1")
    heading.wait_for()
    assert heading.inner_text() == home.title
    assert not [line for line in admin.problems() if "frame" in line.lower()]
