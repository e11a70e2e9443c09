"""Every page type renders with every block an editor can use."""

import pytest
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from home.models import InformationPage

from .helpers import soup, visible_text

VIDEO_URL = "https://www.youtube.com/watch?v=example123"


def every_block(target_page):
    return [
        {"type": "heading", "value": {"text": "A section heading", "level": "h2"}},
        {"type": "heading", "value": {"text": "A sub-heading", "level": "h3"}},
        {"type": "rich_text", "value": "<p>Some <b>rich</b> text.</p>"},
        {
            "type": "questions",
            "value": {
                "heading": "Common questions",
                "questions": [{"question": "Is it free?", "answer": "<p>Yes, it is.</p>"}],
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Ask for support",
                "text": "It takes a few minutes.",
                "link_text": "Start now",
                "page": target_page.id,
                "url": "",
            },
        },
        {"type": "contact_details", "value": {"heading": "Talk to us", "text": "We can help."}},
        {
            "type": "steps",
            "value": {
                "heading": "What happens next",
                "steps": [
                    {"title": "We call you", "description": "Soon."},
                    {"title": "We meet", "description": ""},
                ],
            },
        },
        {
            "type": "video",
            "value": {
                "title": "A VIG session explained",
                "video": VIDEO_URL,
                "transcript": "<p>Everything said in the video.</p>",
            },
        },
    ]


@pytest.fixture
def page_with_every_block(home_page):
    # A stored embed means rendering never calls the video site.
    Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL),
        url=VIDEO_URL,
        max_width=None,
        type="video",
        html='<iframe title="A VIG session explained" src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        title="A VIG session explained",
        width=640,
        height=360,
    )
    target = InformationPage.objects.get(slug="what-happens-in-a-vig-cycle")
    page = InformationPage(
        title="All the blocks",
        slug="all-the-blocks",
        introduction="A page with one of each block.",
        body=every_block(target),
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_home_page_renders(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert soup(response).h1.get_text(strip=True) == home_page.title


@pytest.mark.parametrize("slug", ["what-happens-in-a-vig-cycle", "privacy", "accessibility"])
def test_demo_information_pages_render(client, home_page, slug):
    page = Page.objects.get(slug=slug)
    response = client.get(page.url)
    assert response.status_code == 200
    assert soup(response).h1.get_text(strip=True) == page.title


def test_information_page_renders_every_block(client, page_with_every_block):
    response = client.get(page_with_every_block.url)
    assert response.status_code == 200
    html = soup(response)
    main = html.find("main")
    assert main.find("h2", string="A section heading")
    assert main.find("h3", string="A sub-heading")
    assert main.find("b", string="rich")
    question = main.find("details")
    assert question.summary.get_text(strip=True) == "Is it free?"
    button = main.select_one(".call-to-action a.button")
    assert button.get_text(strip=True) == "Start now"
    assert button["href"] == "/what-happens-in-a-vig-cycle/"
    assert "01506 282948" in visible_text(response)
    assert [li.h3.get_text(strip=True) for li in main.select("ol.steps__list > li")] == [
        "We call you",
        "We meet",
    ]
    assert main.find("iframe")["src"].startswith("https://www.youtube-nocookie.com/")
    assert "Everything said in the video." in visible_text(response)


def test_information_page_shows_breadcrumbs_back_to_home(client, page_with_every_block):
    nav = soup(client.get(page_with_every_block.url)).find(
        "nav", attrs={"aria-label": "Breadcrumb"}
    )
    assert [(a["href"], a.get_text()) for a in nav.find_all("a")] == [("/", "Home")]
    assert nav.find(attrs={"aria-current": "page"}).get_text(strip=True) == "All the blocks"


def test_unknown_address_shows_a_helpful_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in soup(response).h1.get_text()
    assert "01506 282948" in response.content.decode()


def test_call_to_action_needs_exactly_one_destination():
    from django.core.exceptions import ValidationError

    from home.blocks import CallToActionBlock

    block = CallToActionBlock()
    value = block.to_python(
        {"heading": "Go", "text": "", "link_text": "Go", "page": None, "url": ""}
    )
    with pytest.raises(ValidationError):
        block.clean(value)
