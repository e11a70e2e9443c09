"""The team's opening hours read well wherever the phone number is given.

Editors write the hours with brackets of their own ("Monday to Friday, 9am to 5pm (except public
holidays)"), so no page, error page or email may put them inside another pair of brackets. Every
template that shows the hours, directly or through components/opening_hours.html, is found by
reading the templates folder, so a new one is held to the same rule.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.html import soup

HOURS = "Monday to Friday, 9am to 5pm (except public holidays)"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def templates_showing_the_hours():
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in (".html", ".txt") or path.name == "opening_hours.html":
            continue
        text = path.read_text()
        if "opening_hours" in text:
            found.append(str(path.relative_to(TEMPLATES)))
    return found


def test_the_templates_that_show_the_hours_are_found():
    found = templates_showing_the_hours()
    assert "pages/form_confirmation.html" in found
    assert "emails/referrer_confirmation.txt" in found
    assert "components/forms/rate_limited.html" in found


def visible_text(name, rendered):
    if name.endswith(".txt"):
        return rendered
    return soup(rendered).get_text(" ")


@pytest.mark.parametrize("name", templates_showing_the_hours())
def test_the_opening_hours_are_never_put_inside_brackets(name, site_settings, home_page):
    site_settings.opening_hours = HOURS
    site_settings.save()
    request = RequestFactory().get("/")
    request.site = None
    context = {
        "team": site_settings,
        "page": home_page,
        "reference": "VIG-7KQ3-M9XD",
        "contact_by": datetime.date(2026, 12, 14),
        "request": request,
    }
    text = re.sub(r"\s+", " ", visible_text(name, render_to_string(name, context, request)))
    assert HOURS in text, f"{name} no longer shows the opening hours"
    before = text[: text.index(HOURS)]
    # Brackets opened before the hours and not closed: the hours sit inside them.
    assert before.count("(") == before.count(")"), f"{name}: ...{before[-60:]}{HOURS}"
    assert "((" not in text and "))" not in text
