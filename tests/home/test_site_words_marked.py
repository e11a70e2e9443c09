"""Every fixed word a family meets around the content (the header, menu, breadcrumbs, footer, the
quick exit, the alert banners, the accessibility statement and the error pages) goes through
the translation catalogue, so a Polish or Arabic reader never meets stray English.

What editors write comes from the page (wagtail-localize translates it); what the templates
write themselves must be inside {% translate %} or {% blocktranslate %}. This reads each
template with those, the other template tags, variables and the markup taken out, and names
any letters left over, in the text or in an attribute a person hears or sees (aria-label, alt,
title, placeholder).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"

PUBLIC_TEMPLATES = [
    "400.html",
    "403_csrf.html",
    "404.html",
    "500.html",
    "error_base.html",
    "components/alert_banners.html",
    "components/breadcrumbs.html",
    "components/exit_this_page.html",
    "components/exit_this_page_link.html",
    "components/primary_navigation.html",
    "components/primary_navigation_item.html",
    "components/site_footer.html",
    "components/site_header.html",
    "components/streamfield/body.html",
    "components/streamfield/blocks/call_to_action_block.html",
    "components/streamfield/blocks/heading_block.html",
    "components/streamfield/blocks/known_issue_block.html",
    "components/streamfield/blocks/questions_block.html",
    "components/streamfield/blocks/rich_text_block.html",
    "components/streamfield/blocks/steps_block.html",
    "components/streamfield/blocks/what_happens_next_block.html",
    "pages/accessibility_statement_page.html",
    "pages/home_page.html",
    "pages/information_page.html",
]

DOTALL = re.DOTALL
COMMENTS = re.compile(r"{% comment %}.*?{% endcomment %}|{#.*?#}", DOTALL)
BLOCKTRANSLATE = re.compile(r"{% blocktranslate\b.*?{% endblocktranslate %}", DOTALL)
TAGS_AND_VARIABLES = re.compile(r"{%.*?%}|{{.*?}}", DOTALL)
SPOKEN_ATTRIBUTES = re.compile(r"""\b(aria-label|alt|title|placeholder)\s*=\s*"([^"]*)\"""")
MARKUP = re.compile(r"<!DOCTYPE[^>]*>|<[^>]*>|&[#\w]+;", re.IGNORECASE)
LETTERS = re.compile(r"[^\W\d_][^\n<]*")


def unmarked_words(template):
    """The text a template writes outside the translation tags."""
    text = COMMENTS.sub("", template)
    text = BLOCKTRANSLATE.sub("", text)
    text = TAGS_AND_VARIABLES.sub("", text)
    found = [value for _, value in SPOKEN_ATTRIBUTES.findall(text) if LETTERS.search(value)]
    text = MARKUP.sub(" ", text)
    return found + [match.group(0).strip() for match in LETTERS.finditer(text)]


def test_the_check_finds_words_in_text_and_in_spoken_attributes():
    template = """{% load i18n %}{% comment %}Notes for us.{% endcomment %}
    <nav aria-label="Main menu" class="nav"><p>{% translate "Marked" %}</p>
    <p>Call us: {{ phone }}</p>{% blocktranslate trimmed %}Marked too{% endblocktranslate %}"""
    assert unmarked_words(template) == ["Main menu", "Call us:"]


def test_the_check_passes_marked_words_variables_and_markup():
    template = """{% load i18n %}<html lang="{{ LANGUAGE_CODE }}"><a class="link" href="/">
    {% translate "Home" %}</a> &ndash; {{ page.title }} <img alt="" src="x.png">
    <nav aria-label="{% translate "Breadcrumb" %}"></nav>"""
    assert unmarked_words(template) == []


@pytest.mark.parametrize("name", PUBLIC_TEMPLATES)
def test_each_fixed_word_a_visitor_meets_is_marked_for_translation(name):
    assert unmarked_words((TEMPLATES / name).read_text()) == []
