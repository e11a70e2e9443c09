"""The accessibility statement follows GOV.UK's model and cannot lose a required part."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from home.models import AccessibilityStatementPage

from .helpers import soup


@pytest.fixture
def statement(home_page):
    return AccessibilityStatementPage.objects.get()


@pytest.fixture
def statement_html(client, statement):
    response = client.get(statement.url)
    assert response.status_code == 200
    return soup(response).find("main")


def headings(main):
    return [h.get_text(strip=True) for h in main.find_all(["h2", "h3"])]


def test_the_footer_links_to_the_statement(client, statement, site_settings):
    assert site_settings.accessibility_page_id == statement.id
    footer = soup(client.get("/")).find("footer")
    assert footer.find("a", href=statement.url)


def test_the_statement_has_every_part_of_the_model_statement(statement_html):
    assert headings(statement_html) == [
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Content that is not accessible",
        "Preparation of this accessibility statement",
    ]


def test_the_compliance_status_says_partially_compliant_with_wcag_2_2_aa(statement_html):
    text = statement_html.get_text(" ")
    assert "This website is partially compliant with the" in text
    assert "Web Content Accessibility Guidelines version 2.2" in text


def test_feedback_is_by_email_and_phone_from_the_site_settings(statement_html, site_settings):
    feedback = statement_html.find("h2", id="feedback").find_next("ul")
    assert feedback.find("a", href=f"mailto:{site_settings.email}")
    assert feedback.find("a", href=site_settings.phone_href)
    assert feedback.find("a", href=site_settings.relay_uk_href)


def test_the_known_issues_are_listed(statement_html, statement):
    items = statement_html.select(".known-issues > li")
    assert len(items) == len(statement.known_issues) >= 1


def test_the_preparation_date_and_method_are_given(statement_html, statement):
    times = [t["datetime"] for t in statement_html.find_all("time")]
    assert statement.prepared_on.isoformat() in times
    assert statement.tested_on.isoformat() in times
    text = statement_html.get_text(" ")
    assert statement.tested_by in text
    # The demo says what the browser tests cover, and what they do not.
    for covered in ("axe", "keyboard", "320 pixels", "400%", "screen reader"):
        assert covered in text, covered


def test_the_enforcement_body_is_the_ehrc_or_in_northern_ireland_the_ecni(
    client, statement, statement_html
):
    assert "Equality and Human Rights Commission (EHRC)" in statement_html.get_text(" ")
    statement.enforcement = AccessibilityStatementPage.ECNI
    statement.save_revision().publish()
    text = soup(client.get(statement.url)).find("main").get_text(" ")
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert "EHRC" not in text


def test_the_council_is_named_where_the_regulations_ask(statement_html, site_settings):
    assert (
        f"{site_settings.council_name} is committed to making its website accessible"
        in statement_html.get_text(" ")
    )


def test_fully_compliant_with_known_issues_is_refused(statement):
    statement.compliance = AccessibilityStatementPage.FULLY
    with pytest.raises(ValidationError) as caught:
        statement.full_clean()
    assert "compliance" in caught.value.message_dict


def test_partially_compliant_without_known_issues_is_refused(statement):
    statement.known_issues = []
    with pytest.raises(ValidationError) as caught:
        statement.full_clean()
    assert "known_issues" in caught.value.message_dict


def test_a_review_before_the_statement_was_prepared_is_refused(statement):
    statement.reviewed_on = statement.prepared_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        statement.full_clean()
    assert "reviewed_on" in caught.value.message_dict


def test_there_is_one_statement_and_it_sits_under_the_home_page(statement, home_page):
    assert not AccessibilityStatementPage.can_create_at(home_page)  # max one
    assert statement.get_parent().id == home_page.id
