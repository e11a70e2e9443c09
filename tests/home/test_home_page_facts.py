"""The home page tells a parent every fact in the product brief.

Each fact is checked where it comes from: the phone number and the national body from the site
settings, the title and introduction from the page's fields. The facts written in the page body
are found by their key words within one sentence, so an editor can reword the text around a
fact without breaking a test, while a fact that goes missing still fails.
"""

import re

import pytest
from wagtail.models import Page

from .helpers import soup

BLOCKS = ["h1", "h2", "h3", "p", "li", "dt", "dd"]


def sentences(response):
    """Each sentence a reader sees in <main>: every paragraph, list item or heading on its own,
    split at full stops, with white space folded."""
    main = soup(response).find("main")
    found = []
    for element in main.find_all(BLOCKS):
        if element.find(BLOCKS):
            continue  # read the innermost block, once
        text = re.sub(r"\s+", " ", element.get_text(" ")).strip()
        found += [part for part in re.split(r"(?<=[.!?])\s+", text) if part]
    return found


def says(sentences, *patterns):
    """True when one sentence matches every pattern (regular expressions, any case)."""
    return any(
        all(re.search(pattern, sentence, re.IGNORECASE) for pattern in patterns)
        for sentence in sentences
    )


@pytest.fixture
def home_response(client, home_page):
    response = client.get(home_page.url)
    assert response.status_code == 200
    return response


@pytest.fixture
def home_sentences(home_response):
    return sentences(home_response)


def test_shows_the_pages_own_title_and_introduction(home_response, home_page):
    main = soup(home_response).find("main")
    assert main.find("h1").get_text(strip=True) == home_page.title
    assert home_page.introduction
    assert home_page.introduction in main.get_text()


# What VIG is, how it helps and how it works: the brief's facts, by their key words.
FACTS = {
    # Said in plain words: "research shows it works" rather than "evidence-based".
    "VIG is evidence-based": [r"evidence[- ]based|research"],
    "it builds positive relationships": [r"positive", r"relationship"],
    "it helps families communicate": [r"communicat"],
    "it builds on the family's strengths": [r"strengths"],
    "it works in everyday life": [r"everyday|every day|day-to-day|daily"],
    "it helps self-awareness and reflection": [r"reflect"],
    "it helps parents respond in an attuned way": [r"attune|tune in"],
    "it helps families find their own answers": [r"own", r"answers|solutions"],
    "it brings a more hopeful point of view": [r"hope"],
    "parents feel less stressed": [r"stress"],
    "parents feel more confident": [r"confiden"],
    "it helps working with the family's supporters": [r"work(ing)? (together )?with", r"support"],
    "parents agree their own goals": [r"goals"],
    "a VIG Guider films everyday moments": [r"Guider", r"film"],
    "the film is edited to the positive moments": [r"edit", r"film|footage"],
    "parent and Guider review the film together": [r"review"],
    "reflection moves to feelings, thoughts, wishes and intentions": [
        r"feel",
        r"think|thought",
        r"wish",
        r"intend|intention",
    ],
    "any parent or carer can ask": [r"parents?\b.*\bcarers?\b"],
    # The fixed facts: each stated in one sentence, however it is worded.
    "it is for children from birth to 18": [r"\bbirth\b", r"\b18\b|eighteen"],
    "sessions happen at home or in school": [r"\bhome\b", r"\bschool\b"],
    "there are three cycles": [r"\b(three|3)\b", r"\bcycles\b"],
    "a cycle is filming followed by a review": [r"\bcycle\b", r"film", r"review"],
    "more cycles can be arranged": [r"\b(more|further|additional|extra)\b", r"\bcycles\b"],
    "there is no charge": [
        r"\bfree\b|\bno (charge|cost|fee)|costs? (you )?nothing|(does not|doesn't|won't) cost"
    ],
}


@pytest.mark.parametrize("fact", FACTS)
def test_states_the_fact(home_sentences, fact):
    assert says(home_sentences, *FACTS[fact]), f"the home page no longer says {fact}"


def test_gives_the_teams_phone_number_from_the_site_settings(home_response, site_settings):
    main = soup(home_response).find("main")
    link = main.find("a", href=site_settings.phone_href)
    assert link, "no link to ring the team in the page body"
    assert link.get_text(strip=True) == site_settings.phone


def test_a_new_phone_number_in_the_site_settings_shows_on_the_home_page(
    client, home_page, site_settings
):
    site_settings.phone = "01506 999999"
    site_settings.save()
    main = soup(client.get(home_page.url)).find("main")
    assert main.find("a", href="tel:+441506999999").get_text(strip=True) == "01506 999999"


def test_links_to_the_national_body_named_in_the_site_settings(home_response, site_settings):
    links = soup(home_response).find("main").find_all("a", href=site_settings.national_body_url)
    assert links, f"no link to {site_settings.national_body_url} in the page body"
    assert site_settings.national_body_url.startswith("https://")
    # The link names the association (by its short name, e.g. AVIGuk, or its full name).
    short_name = re.search(r"\((\w+)\)", site_settings.national_body_name)
    names = [site_settings.national_body_name, *(short_name.groups() if short_name else ())]
    assert any(name in link.get_text(" ") for link in links for name in names)


def test_links_to_what_happens_in_a_vig_cycle(home_response, home_page):
    cycle_pages = [
        page
        for page in Page.objects.child_of(home_page).live().specific()
        if re.search(r"\bcycle\b", page.title, re.IGNORECASE)
    ]
    assert cycle_pages, "no page explains a VIG cycle"
    hrefs = {a["href"] for a in soup(home_response).find("main").find_all("a", href=True)}
    assert any(page.url in hrefs for page in cycle_pages)


# The facts at a glance: under the introduction, each stated in its own line of the list.
GLANCE = {
    "who it is for": [r"parents?\b.*\bcarers?\b", r"\bbirth\b", r"\b18\b|eighteen"],
    "it is free": [r"\bfree\b|\bno (charge|cost|fee)"],
    "where": [r"\bhome\b", r"\bschool\b"],
    "three cycles, more by agreement": [r"\b(three|3)\b", r"\bcycles\b", r"\bmore\b"],
    "how to ask": [r"online|form", r"phone|call"],
}


@pytest.fixture
def glance(home_response):
    section = soup(home_response).find("main").find(class_="glance")
    assert section is not None, "the home page has no 'at a glance' list"
    return section


@pytest.mark.parametrize("fact", GLANCE)
def test_the_list_at_a_glance_states_the_fact(glance, fact):
    lines = [re.sub(r"\s+", " ", li.get_text(" ")) for li in glance.find_all("li")]
    assert says(lines, *GLANCE[fact]), f"'at a glance' no longer says {fact}"


def test_the_list_at_a_glance_gives_the_phone_number_and_one_start_button(
    glance, home_page, site_settings
):
    assert glance.find("a", href=site_settings.phone_href)
    starts = glance.select(".button--start")
    assert len(starts) == 1
    assert starts[0]["href"] == home_page.start_page.url
    assert not starts[0].has_attr("role"), "a start button is a link, not role=button"


def test_the_start_button_is_the_home_pages_only_green_button(home_response):
    assert len(soup(home_response).find("main").select(".button--start")) == 1


@pytest.mark.parametrize(
    ("field", "reworded", "message"),
    [
        ("glance_who", "For every family", "any parent or carer of a child from birth to 18"),
        ("glance_cost", "Paid for by the council", "free"),
        ("glance_where", "Wherever suits you", "at home or in school"),
        ("glance_cycles", "Several sessions", "three cycles"),
        ("glance_how", "Get in touch", "online, or by phone"),
        ("glance_who", "", "cannot be blank"),
    ],
)
def test_an_editor_cannot_drop_a_fact_from_the_list_without_a_message(
    home_page, field, reworded, message
):
    from django.core.exceptions import ValidationError

    setattr(home_page, field, reworded)
    with pytest.raises(ValidationError) as caught:
        home_page.full_clean()
    assert any(message in text for text in caught.value.message_dict[field])


def test_an_editor_can_reword_the_list_keeping_its_facts(home_page):
    home_page.glance_who = "Parents and carers of children aged from birth to 18"
    home_page.glance_cost = "It costs nothing"
    home_page.glance_where = "At school, or at home"
    home_page.glance_cycles = "Three cycles. Extra ones if you agree."
    home_page.glance_how = "Fill in a form online or call"
    home_page.full_clean()
