"""The home page tells a parent every fact in the product brief, in words they can read."""

import pytest

from .helpers import soup, visible_text


@pytest.fixture
def home_text(client, home_page):
    response = client.get(home_page.url)
    assert response.status_code == 200
    return visible_text(response)


def test_says_vig_is_evidence_based_and_builds_positive_relationships(home_text):
    assert "evidence-based" in home_text
    assert "positive relationships" in home_text
    assert "communicate" in home_text


def test_says_it_builds_on_the_familys_strengths_in_everyday_life(home_text):
    assert "strengths" in home_text
    assert "where it naturally happens" in home_text


@pytest.mark.parametrize(
    "benefit",
    [
        "self-awareness and reflection",
        "attuned way",
        "find your own answers",
        "new, more hopeful point of view",
        "less stressed and more confident",
        "work together with the people who support your family",
    ],
)
def test_lists_what_vig_can_help_with(home_text, benefit):
    assert benefit in home_text


def test_explains_goals_filming_editing_and_review_with_a_vig_guider(home_text):
    assert "agree your own goals" in home_text
    assert "films short everyday moments" in home_text
    assert "short film of the positive moments" in home_text
    assert "VIG Guider" in home_text
    assert "celebrate what is going well and set new goals" in home_text


def test_explains_reflection_moves_to_feelings_thoughts_wishes_intentions(home_text):
    assert "feel, think, wish and intend" in home_text


def test_says_who_can_benefit_from_birth_to_18(home_text):
    assert "Any parent or carer" in home_text
    assert "from birth to 18" in home_text


def test_says_sessions_are_at_home_or_in_school(home_text):
    assert "family home or in your child's school" in home_text


def test_says_three_cycles_of_filming_and_review_and_more_by_agreement(home_text):
    assert "three cycles" in home_text
    assert "filming session followed by a review" in home_text
    assert "More cycles can be arranged" in home_text


def test_says_how_to_get_it_by_phone(home_text):
    assert "01506 282948" in home_text


def test_says_there_is_no_charge(home_text):
    assert "There is no charge" in home_text


def test_links_to_the_national_body_aviguk(client, home_page):
    links = soup(client.get(home_page.url)).find("main").find_all("a")
    aviguk = [a for a in links if "AVIGuk" in a.get_text()]
    assert aviguk, "no link to AVIGuk in the page body"
    assert aviguk[0]["href"].startswith("https://")


def test_links_to_what_happens_in_a_vig_cycle(client, home_page):
    links = soup(client.get(home_page.url)).find("main").find_all("a")
    assert any(a["href"] == "/what-happens-in-a-vig-cycle/" for a in links)
