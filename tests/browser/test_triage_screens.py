"""The referrals list as an officer works a queue of 50, in a real browser at 1280×900:
how many Tab presses reach the first case, how many cases fit on the screen, accessibility,
and the next case in the list from a case's page.

Measured on the same queue before this change: 35 Tab presses to the first case (the 22
filter links came first, then an empty link nested around each reference) and 7 rows fully
visible (each field broke over two or three lines, "Professio/nal" mid-word).
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from referrals.models import ReferralKind, ReferralStatus
from tests.factories import ReferralFactory

from .journeys import log_in
from .support import format_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFERRALS_LIST = "/admin/referrals/referral/"
BEFORE_TAB_PRESSES = 35
BEFORE_ROWS_VISIBLE = 7
# Before the first case now come only: Wagtail's "Skip to main content" link and its menu
# (collapse button, logo, Referrals, Help, account: 6), the search box and its button (2),
# "Show newest first" and "Go to the filters" (2) and the four sortable column headings (4).
# The filters follow the list, as they sit on its right on screen.
MOST_TAB_PRESSES = 15


@pytest.fixture
def queue_of_50(site_data):
    """Fifty referrals of both kinds, some overdue, flagged or assigned, as a busy week leaves
    them."""
    officer = get_user_model().objects.get(username="officer")
    now = timezone.now()
    statuses = [ReferralStatus.NEW, ReferralStatus.UNDER_REVIEW, ReferralStatus.ACCEPTED]
    return [
        ReferralFactory(
            received_at=now - timedelta(days=i % 20, hours=i),
            kind=ReferralKind.PROFESSIONAL if i % 3 == 0 else ReferralKind.SELF,
            status=statuses[i % 3],
            assigned_to=officer if i % 4 == 0 else None,
            flagged_not_verified=i % 7 == 0,
            flagged_possible_spam=i % 11 == 0,
        )
        for i in range(50)
    ]


@pytest.fixture
def officer_list(open_page, queue_of_50):
    admin = open_page("/admin/login/")
    log_in(admin, "officer", "vig-demo-officer")
    admin.goto(REFERRALS_LIST)
    return admin


def tab_presses_to_first_case(page):
    """Tab presses from a freshly loaded page until the first row's link has the focus."""
    first_case = page.locator("table.listing tbody tr").first.locator("a")
    assert first_case.count() == 1
    for presses in range(1, 101):
        page.keyboard.press("Tab")
        if first_case.evaluate("(link) => link === document.activeElement"):
            return presses
    return None


def rows_fully_visible(page):
    return page.evaluate(
        """() => [...document.querySelectorAll('table.listing tbody tr')]
            .filter((tr) => tr.getBoundingClientRect().bottom <= window.innerHeight).length"""
    )


def test_the_first_case_is_a_few_tab_presses_from_the_top(officer_list):
    presses = tab_presses_to_first_case(officer_list.page)

    assert presses is not None and presses <= MOST_TAB_PRESSES, (
        f"{presses} Tab presses to the first case (was {BEFORE_TAB_PRESSES})"
    )
    focused = officer_list.focused()
    assert focused["visible"] and not focused["obscured"], focused


def test_the_filters_are_one_link_away_from_the_keyboard(officer_list):
    page = officer_list.page
    page.get_by_role("link", name="Go to the filters").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    focused = officer_list.focused()
    assert focused["tag"] == "a" and focused["href"] == "?", focused  # "All" statuses
    assert page.locator("#filters").evaluate("(el) => el.contains(document.activeElement)")


def test_twice_as_many_cases_fit_on_a_1280_by_900_screen(officer_list):
    page = officer_list.page
    assert page.viewport_size == {"width": 1280, "height": 900}

    visible = rows_fully_visible(page)

    assert visible >= 2 * BEFORE_ROWS_VISIBLE, f"{visible} rows visible (was 7)"
    # No cell breaks a word: each Kind and Assigned to cell is one line.
    lines = page.evaluate(
        """() => [...document.querySelectorAll('td.field-kind, td.field-assigned')].map((td) => {
            const range = document.createRange();
            range.selectNodeContents(td);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return [td.innerText.trim(), tops.size];
        })"""
    )
    assert {text for text, count in lines if count != 1} == set()
    assert "Professional" in {text for text, _ in lines}
    assert officer_list.horizontal_overflow() == 0


def test_the_list_has_no_accessibility_violations_and_overdue_stands_out(officer_list):
    page = officer_list.page
    violations = officer_list.axe_violations()
    assert violations == [], format_violations(violations)

    # The overdue tag: the word itself, white on solid red with at least 4.5:1 contrast.
    tag = page.locator("strong.triage-overdue").first
    assert tag.inner_text() == "Overdue"
    contrast = tag.evaluate(
        """(el) => {
            const rgb = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
            const lum = ([r, g, b]) => {
                const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92
                    : Math.pow((v + 0.055) / 1.055, 2.4); };
                return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
            };
            const style = getComputedStyle(el);
            const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
            return { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
                     background: rgb(style.backgroundColor) };
        }"""
    )
    assert contrast["ratio"] >= 4.5, contrast
    red, green, blue = contrast["background"]
    assert red > 2 * max(green, blue), contrast  # red, unlike the pale "Not verified" label

    officer_list.page.evaluate("() => window.scrollTo(0, 0)")
    officer_list.screenshot("triage-referrals-list")
    assert officer_list.problems() == []


def test_an_officer_goes_from_the_list_to_the_next_case_in_it(officer_list):
    page = officer_list.page
    page.get_by_role("link", name="Overdue", exact=True).click()
    page.wait_for_load_state("load")
    references = page.locator("table.listing tbody tr td.field-reference_link").all_inner_texts()
    assert len(references) >= 2

    with page.expect_navigation():
        page.get_by_role("link", name=references[0]).click()
    assert references[0] in page.locator("h1").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name=f"Next case in this list: {references[1]}").click()
    assert references[1] in page.locator("h1").inner_text()
    assert "overdue=yes" in page.url
    officer_list.screenshot("triage-case-next-in-list")

    with page.expect_navigation():
        page.get_by_role("link", name="Back to the referrals list").click()
    assert page.locator("table.listing tbody tr").count() == len(references)
