"""A Manager reads the service report in a real browser: from the menu, with the demo's year of
families; every chart an image named by its heading and summary, with its table; a mistyped
date gets its message by the field; a table downloads as CSV; axe finds nothing."""

import csv
import io
import re

import pytest

from referrals.demo import cases as demo_cases

from .journeys import log_in
from .support import format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_no_axe_violations(page, label):
    violations = page.axe_violations()
    assert not violations, f"{label}: {format_violations(violations)}"


def test_a_manager_reads_the_service_report(open_page, site_data, tmp_path):
    demo_cases.setup_cases()
    admin = open_page("/admin/login/")
    log_in(admin, "manager", "vig-demo-manager")

    # From the menu: Referrals > Service report.
    admin.page.get_by_role("button", name="Referrals").click()
    with admin.page.expect_navigation():
        admin.page.get_by_role("link", name="Service report").click()
    page = admin.page
    assert page.locator("h1").inner_text().strip() == "Service report"

    charts = page.locator("svg.vig-chart")
    assert charts.count() == 14
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("role") == "img"
        title_id, summary_id = chart.get_attribute("aria-labelledby").split()
        assert page.locator(f"h2#{title_id}").inner_text()
        assert page.locator(f"p#{summary_id}").inner_text()
        # The table behind the chart follows it, with a caption.
        section = page.locator(f"section:has(svg#{chart.get_attribute('id')})")
        assert section.locator("table caption").first.inner_text()
    # What a screen reader is told about the first chart.
    name = page.get_by_role("img", name="Referrals and enquiries received, by month and route")
    assert name.count() == 1
    assert "referrals" in page.locator("#received-summary").inner_text()

    assert admin.horizontal_overflow() == 0
    assert_no_axe_violations(admin, "service report")
    # The admin scrolls inside its own frame: a window as tall as the report shows all of it.
    height = page.evaluate("() => document.querySelector('main').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": min(height + 200, 16000)})
    admin.screenshot("admin-service-report")
    page.set_viewport_size({"width": 1280, "height": 900})

    # High contrast (forced colours): every mark takes the system's text colour.
    page.emulate_media(forced_colors="active")
    colours = page.evaluate(
        """() => {
            const svg = document.querySelector('svg.vig-chart');
            const bar = svg.querySelector('rect[fill="currentColor"]');
            return [getComputedStyle(svg).color, getComputedStyle(bar).fill,
                    getComputedStyle(document.querySelector('main')).color];
        }"""
    )
    assert colours[0] == colours[1] == colours[2], colours
    page.emulate_media(forced_colors="none")

    # A table as a spreadsheet.
    with page.expect_download() as download:
        page.get_by_role(
            "link", name=re.compile(r"^Download this table .*Triage outcomes$")
        ).click()
    path = tmp_path / "outcomes.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Outcome", "Referrals", "Share"]
    assert rows[-1][0] == "All referrals"

    # A mistyped date: the message by the field, what was typed kept, no report.
    page.get_by_label("To", exact=True).fill("31/13/2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Show the report").click()
    assert "Enter a real date, like 1/11/2025." in page.locator("#id_end-error").inner_text()
    assert page.get_by_label("To", exact=True).input_value() == "31/13/2026"
    assert page.locator("svg.vig-chart").count() == 0
    assert_no_axe_violations(admin, "service report with a date error")
    # The only failed load: the refused period itself (400).
    assert not [p for p in admin.problems() if "status of 5" in p]
