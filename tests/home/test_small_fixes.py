"""The small things a careful parent (or validator) noticed on the public pages."""

import re

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from home.models import InformationPage
from home.templatetags.navigation_tags import primary_navigation

from .helpers import soup


@pytest.fixture
def cycle_page(home_page):
    return InformationPage.objects.get(slug="what-happens-in-a-vig-cycle")


def test_the_updated_date_is_a_valid_html_date_without_microseconds(client, cycle_page):
    time = soup(client.get(cycle_page.url)).find("main").find(class_="page-updated").find("time")
    # A valid date string (HTML's <time datetime>): no time of day, so no fractions of a second.
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", time["datetime"])
    assert time["datetime"] == cycle_page.last_published_at.strftime("%Y-%m-%d")


def test_a_phone_number_in_the_text_of_a_page_is_a_link_that_rings_it(client, home_page):
    home_page.body = [
        {"type": "rich_text", "value": "<p>Ring 0800 123 4567 or 18001 0800 123 4567.</p>"}
    ]
    home_page.save_revision().publish()
    text = soup(client.get("/")).find("main").find(class_="rich-text")
    links = {a["href"]: a.get_text() for a in text.find_all("a")}
    assert links == {
        "tel:+448001234567": "0800 123 4567",
        "tel:1800108001234567": "18001 0800 123 4567",
    }


def test_a_phone_number_that_is_already_a_link_is_left_alone(client, home_page):
    home_page.body = [
        {"type": "rich_text", "value": '<p><a href="https://example.org/">0800 123 4567</a></p>'}
    ]
    home_page.save_revision().publish()
    text = soup(client.get("/")).find("main").find(class_="rich-text")
    assert [a["href"] for a in text.find_all("a")] == ["https://example.org/"]


def test_the_demo_phone_number_in_the_home_page_text_is_a_link(client, home_page, site_settings):
    texts = soup(client.get("/")).find("main").select(".rich-text")
    assert any(t.find("a", href=site_settings.phone_href) for t in texts)


def test_the_cycle_page_ends_with_a_way_to_ask_for_support(client, cycle_page, home_page):
    stream = soup(client.get(cycle_page.url)).find("main").find(class_="stream")
    last = stream.find_all(recursive=False)[-1]
    assert "call-to-action" in last["class"]
    button = last.find("a", class_="button--start")
    assert button["href"] == home_page.start_page.url


def nav_current(path, page):
    request = RequestFactory().get(path)
    request.site = None
    items = primary_navigation({"request": request, "page": page})["items"]
    return {item["title"]: item["current"] for item in items}


def test_the_menu_marks_the_page_being_shown(home_page, cycle_page):
    current = nav_current(cycle_page.url, cycle_page)
    assert current[cycle_page.title] == "page"
    assert current["Home"] is None


def test_the_menu_does_not_mark_a_form_on_its_confirmation_page(home_page):
    form = Page.objects.get(slug="refer").specific
    assert nav_current(form.url, form)[form.title] == "page"
    # The confirmation is served by the form's page at an address below it.
    assert nav_current(form.url + "confirmation/", form)[form.title] is None


def test_the_menu_marks_the_section_of_a_page_further_down(home_page, cycle_page):
    child = InformationPage(title="Filming at school", slug="filming-at-school")
    cycle_page.add_child(instance=child)
    child.save_revision().publish()
    assert nav_current(child.url, child)[cycle_page.title] == "true"
