"""Service status: an alert banner editors set shows on every public page within its window,
without JavaScript, as a region named by its heading, and the page cache never serves it before
it starts or after it ends."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from home.models import AlertBanner
from referrals.demo import pages as demo_pages
from tests.intake_journey import first_question_url

from .christmas_closure import CLOSED, DANGER, END, START, clock_an_hour_before_the_closure
from .helpers import soup, text_of


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def clock():
    """The time now, moved by hand (django.utils.timezone.now reads it)."""
    with clock_an_hour_before_the_closure() as fake:
        yield fake


def move_to(clock, moment):
    clock.now = moment.timestamp()


def christmas_banner(**fields):
    return AlertBanner.objects.create(
        **{"heading": CLOSED, "text": DANGER, "starts_at": START, "ends_at": END, **fields}
    )


def banners_on(response):
    return soup(response).select("[data-alert-banner]")


def shows_banner(response):
    return CLOSED in text_of(soup(response).find("main"))


def test_a_saved_banner_appears_at_once_on_a_cached_page(client, home_page):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    AlertBanner.objects.create(heading=CLOSED, text=DANGER)
    response = client.get("/")
    assert shows_banner(response)
    assert DANGER in text_of(banners_on(response)[0])


def test_the_banner_is_a_region_named_by_its_heading(client, home_page):
    christmas_banner(starts_at=None, ends_at=None)
    banner = banners_on(client.get("/what-happens-in-a-vig-cycle/"))
    assert len(banner) == 1
    section = banner[0]
    assert section.name == "section"
    heading = section.find(id=section["aria-labelledby"])
    assert heading.name == "h2" and text_of(heading) == "Important"
    assert [text_of(p) for p in section.find_all("p")] == [CLOSED, DANGER]
    assert not section.find_all("script")


def test_an_information_banner_says_so_and_comes_after_an_important_one(client, home_page):
    AlertBanner.objects.create(kind=AlertBanner.INFORMATION, heading="New groups in March.")
    AlertBanner.objects.create(kind=AlertBanner.IMPORTANT, heading=CLOSED)
    headings = [text_of(section.find("h2")) for section in banners_on(client.get("/"))]
    assert headings == ["Important", "Information"]


def test_a_banner_without_a_start_comes_before_one_that_started_later(client, home_page, clock):
    # Saved first with a start, so insertion order alone would put it first.
    AlertBanner.objects.create(kind=AlertBanner.INFORMATION, heading=CLOSED, starts_at=START)
    AlertBanner.objects.create(kind=AlertBanner.INFORMATION, heading="New groups in March.")
    move_to(clock, START)
    headings = [text_of(section.find("p")) for section in banners_on(client.get("/privacy/"))]
    assert headings == ["New groups in March.", CLOSED]
    service = client.get("/openreferral/services").json()["contents"][0]
    assert service["alert"] == f"New groups in March. {CLOSED}"


def test_a_banner_is_not_shown_before_it_starts_even_on_a_page_cached_earlier(
    client, home_page, clock
):
    christmas_banner()
    assert not shows_banner(client.get("/"))
    assert client.get("/")["X-Page-Cache"] == "hit"
    move_to(clock, START)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert shows_banner(response)


def test_a_banner_is_gone_after_it_ends_even_for_a_page_cached_before_the_end(
    client, home_page, clock
):
    christmas_banner()
    move_to(clock, END - datetime.timedelta(minutes=1))
    assert shows_banner(client.get("/privacy/"))
    cached = client.get("/privacy/")
    assert cached["X-Page-Cache"] == "hit" and shows_banner(cached)
    move_to(clock, END)
    response = client.get("/privacy/")
    assert not shows_banner(response)
    assert not banners_on(response)


def test_a_cached_page_with_a_banner_costs_no_queries(client, home_page, clock):
    christmas_banner()
    move_to(clock, START + datetime.timedelta(hours=1))
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response["X-Page-Cache"] == "hit" and shows_banner(response)
    assert len(queries) == 0


def test_a_banner_shows_on_the_form_pages_and_goes_from_them_at_its_end(home_page, clock):
    pages = demo_pages.setup_form_pages(home_page)
    christmas_banner()
    move_to(clock, END - datetime.timedelta(minutes=1))
    enquiry = pages["enquiry"].url
    question = first_question_url(Client(), pages["refer"].url)
    for address in (enquiry, question, enquiry, question):  # the second time from the caches
        assert shows_banner(Client().get(address)), address
    move_to(clock, END)
    for address in (enquiry, question):
        assert not shows_banner(Client().get(address)), address


def test_a_banner_shows_on_the_page_not_found(client, home_page):
    AlertBanner.objects.create(heading=CLOSED)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert shows_banner(response)


def test_a_banner_deleted_goes_at_once(client, home_page):
    banner = AlertBanner.objects.create(heading=CLOSED)
    assert shows_banner(client.get("/"))
    banner.delete()
    assert not shows_banner(client.get("/"))


# --- Editors ----------------------------------------------------------------------------------


def add_url():
    return reverse("wagtailsnippets_home_alertbanner:add")


def test_an_editor_finds_alert_banners_in_the_menu_and_adds_one(editor_client, home_page):
    dashboard = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Alert banners" in dashboard
    response = editor_client.post(
        add_url(),
        {"kind": "important", "heading": CLOSED, "text": DANGER, "starts_at": "", "ends_at": ""},
    )
    assert response.status_code == 302
    assert shows_banner(Client().get("/"))


def test_an_end_before_the_start_is_refused_next_to_the_field_keeping_what_was_typed(
    editor_client, home_page
):
    response = editor_client.post(
        add_url(),
        {
            "kind": "important",
            "heading": CLOSED,
            "text": DANGER,
            "starts_at": "2026-12-27 09:00",
            "ends_at": "2026-12-24 09:00",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "&#x27;Show until&#x27; must be after &#x27;Show from&#x27;." in html
    assert CLOSED in html
    assert not AlertBanner.objects.exists()


def test_staff_without_pages_cannot_set_a_banner(officer_client, home_page):
    assert officer_client.get(add_url()).status_code in (302, 403)
    assert officer_client.post(add_url(), {"kind": "important", "heading": CLOSED}).status_code in (
        302,
        403,
    )
    assert not AlertBanner.objects.exists()


def test_the_editors_list_says_which_banners_show_now(editor_client, home_page):
    now = timezone.now()
    christmas_banner(starts_at=now + datetime.timedelta(days=1), ends_at=None)
    AlertBanner.objects.create(heading="Old news.", ends_at=now - datetime.timedelta(days=1))
    AlertBanner.objects.create(heading="Always on.")
    html = editor_client.get(reverse("wagtailsnippets_home_alertbanner:list")).content.decode()
    rows = {text_of(row.find("a")): text_of(row) for row in soup(html).select("tbody tr")}
    assert rows[CLOSED].endswith("Waiting")
    assert rows["Old news."].endswith("Ended")
    assert rows["Always on."].endswith("Showing")


def test_the_banner_form_has_no_inline_scripts(editor_client, home_page):
    html = soup(editor_client.get(add_url()))
    assert html.find(attrs={"name": "starts_at"}) is not None
    assert not [
        script
        for script in html.find_all("script")
        if not script.get("src") and script.get("type") not in ("application/json",)
    ]
