"""One primary action a page: one green start button, a link that looks like a button."""

import pytest
from django.core.exceptions import ValidationError

from home.models import InformationPage

from .helpers import soup


def call_to_action(page_id, *, start):
    return {
        "type": "call_to_action",
        "value": {
            "heading": "Ask for VIG support",
            "text": "",
            "link_text": "Ask for support",
            "page": page_id,
            "url": "",
            "start": start,
        },
    }


@pytest.fixture
def cycle_page(home_page):
    return InformationPage.objects.get(slug="what-happens-in-a-vig-cycle")


def test_a_page_may_have_one_start_button(cycle_page, home_page):
    cycle_page.body = [call_to_action(home_page.id, start=True)]
    cycle_page.full_clean()


def test_a_second_start_button_on_a_page_is_refused_with_a_message(cycle_page, home_page):
    cycle_page.body = [
        call_to_action(home_page.id, start=True),
        call_to_action(home_page.id, start=True),
    ]
    with pytest.raises(ValidationError) as caught:
        cycle_page.full_clean()
    assert "Only one green start button a page" in caught.value.message_dict["body"][0]


def test_the_home_page_body_has_no_start_button_of_its_own(home_page):
    home_page.body = [call_to_action(home_page.id, start=True)]
    with pytest.raises(ValidationError) as caught:
        home_page.full_clean()
    assert "is this page's green button" in caught.value.message_dict["body"][0]


def test_other_calls_to_action_are_grey_buttons(client, home_page):
    main = soup(client.get("/")).find("main")
    for box in main.select(".call-to-action"):
        link = box.find("a", class_="button")
        assert "button--secondary" in link["class"]
        assert not link.has_attr("role")


def test_a_start_button_is_a_link_without_role_button(client, cycle_page):
    button = soup(client.get(cycle_page.url)).find("main").select_one(".button--start")
    assert button.name == "a"
    assert not button.has_attr("role")


def test_no_start_button_leads_to_a_page_that_is_not_published(client, home_page):
    form = home_page.start_page
    form.unpublish()
    assert not soup(client.get("/")).find("main").select(".glance .button--start")
