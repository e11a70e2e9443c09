"""Every content page has a "review by" date (a year after it was first published unless an
editor sets one); the editors' dashboard lists the pages due in the next 30 days and those
overdue, the page explorer flags an overdue page, and the public never sees any of it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from home.models import AccessibilityStatementPage, HomePage, InformationPage
from home.models.pages import one_year_after

from .helpers import soup, text_of

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def pages(home_page):
    """Every content page well clear of review, but for those a test sets."""
    for model in (HomePage, InformationPage):
        model.objects.update(review_by=days(365))
    AccessibilityStatementPage.objects.update(reviewed_on=TODAY)
    return {page.slug: page for page in InformationPage.objects.all()}


def set_review(page, when):
    page.review_by = when
    page.save_revision().publish()


def review_panel(client):
    html = soup(client.get(reverse("wagtailadmin_home")))
    return html.find(id="review-dates-content") or html.find(id="review-dates")


def listed(client):
    panel = review_panel(client)
    assert panel is not None, "no review panel on the dashboard"
    return {text_of(row.find("th")): text_of(row.find("td")) for row in panel.select("tbody tr")}


def test_a_new_page_is_due_a_year_after_it_was_first_published(home_page):
    page = InformationPage(title="Groups in Anytown", slug="groups-in-anytown")
    home_page.add_child(instance=page)
    assert page.review_due is None  # never published: nothing to review yet
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.review_by is None
    assert page.review_due == one_year_after(timezone.localdate(page.first_published_at))


def test_a_date_an_editor_sets_wins(home_page):
    page = InformationPage.objects.get(slug="privacy")
    set_review(page, days(10))
    page.refresh_from_db()
    assert page.review_due == days(10)


def test_a_leap_day_is_due_on_the_28th_of_february_a_year_on():
    assert one_year_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


def test_the_dashboard_lists_pages_due_within_30_days_and_overdue_ones_only(editor_client, pages):
    set_review(pages["privacy"], days(-3))
    set_review(pages["cover-your-tracks"], days(30))
    set_review(pages["what-happens-in-a-vig-cycle"], days(31))
    rows = listed(editor_client)
    assert set(rows) == {pages["privacy"].title, pages["cover-your-tracks"].title}
    assert rows[pages["privacy"].title].startswith("Overdue")
    assert not rows[pages["cover-your-tracks"].title].startswith("Overdue")


def test_the_dashboard_links_each_page_to_its_edit_screen(editor_client, pages):
    set_review(pages["privacy"], days(5))
    panel = review_panel(editor_client)
    link = panel.select_one("tbody tr th a")
    assert link["href"] == reverse("wagtailadmin_pages:edit", args=[pages["privacy"].pk])


def test_a_page_a_year_old_without_a_date_is_listed(editor_client, pages):
    page = pages["privacy"]
    InformationPage.objects.filter(pk=page.pk).update(
        review_by=None, first_published_at=timezone.now() - datetime.timedelta(days=380)
    )
    assert listed(editor_client)[page.title].startswith("Overdue")


def test_nothing_due_says_so(editor_client, pages):
    assert listed(editor_client) == {}
    assert "No pages are due for review" in text_of(review_panel(editor_client))


def test_staff_without_pages_get_no_review_panel(officer_client, pages):
    set_review(pages["privacy"], days(-3))
    assert review_panel(officer_client) is None


def explorer_flags(client, parent):
    html = soup(client.get(reverse("wagtailadmin_explore", args=[parent.pk])))
    return {
        text_of(html.find(id=f"page_{flag['href'].split('/')[-3]}_title")): flag
        for flag in html.select("[data-review-overdue]")
    }


def test_an_overdue_page_is_flagged_in_the_page_explorer(editor_client, pages, home_page):
    set_review(pages["privacy"], days(-1))
    set_review(pages["cover-your-tracks"], days(5))
    flags = explorer_flags(editor_client, home_page)
    assert set(flags) == {pages["privacy"].title}
    flag = flags[pages["privacy"].title]
    assert "Review overdue" in text_of(flag)
    assert flag["href"] == (
        reverse("wagtailadmin_pages:edit", args=[pages["privacy"].pk]) + "#tab-promote"
    )


def test_the_review_date_is_on_the_promote_tab(editor_client, pages):
    page = pages["privacy"]
    html = soup(editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    promote = html.find(id="tab-promote")
    # The explorer's flag links to this id (docs/upgrading.md).
    assert promote is not None, "wagtail no longer names the page editor's Promote tab tab-promote"
    assert promote.find(attrs={"name": "review_by"}) is not None


def test_the_public_never_sees_a_review_date(pages):
    set_review(pages["privacy"], datetime.date(2020, 1, 2))
    for path in ("/", "/privacy/"):
        html = Client().get(path).content.decode()
        assert "2020" not in html and "eview by" not in html and "overdue" not in html.lower()


def test_the_demo_site_has_a_page_due_for_review_on_the_dashboard(editor_client, home_page):
    """setup_demo (home.demo) gives one page a review date within 30 days."""
    cover_tracks = InformationPage.objects.get(slug="cover-your-tracks")
    assert TODAY < cover_tracks.review_by <= days(30)
    assert cover_tracks.title in listed(editor_client)


def test_the_editor_shows_the_date_that_applies_when_none_was_set(editor_client, pages):
    page = pages["privacy"]
    published = timezone.now() - datetime.timedelta(days=100)
    InformationPage.objects.filter(pk=page.pk).update(review_by=None, first_published_at=published)
    html = soup(editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    field = html.find(attrs={"name": "review_by"})
    assert field["value"] == one_year_after(timezone.localdate(published)).isoformat()


def test_the_accessibility_statement_is_due_a_year_after_its_last_review(editor_client, pages):
    statement = AccessibilityStatementPage.objects.get()
    AccessibilityStatementPage.objects.filter(pk=statement.pk).update(
        prepared_on=days(-800), reviewed_on=days(-370)
    )
    statement.refresh_from_db()
    assert statement.review_due == days(-5)
    assert listed(editor_client)[statement.title].startswith("Overdue")
    AccessibilityStatementPage.objects.filter(pk=statement.pk).update(reviewed_on=days(-10))
    assert statement.title not in listed(editor_client)
