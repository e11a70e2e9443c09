"""robots.txt points crawlers at the sitemap and keeps them out of the admin, the question pages
and "Leave this site quickly"; it follows the page tree at once and costs no query from the
cache."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from referrals.models import EnquiryFormPage, ReferralFormPage

from .helpers import served


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def robots(client):
    response = served(client, "/robots.txt", "text/plain; charset=utf-8")
    return response.content.decode().splitlines()


def test_robots_points_at_the_sitemap_by_its_absolute_address(client, home_page, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://vig.anytown.example"
    assert "Sitemap: https://vig.anytown.example/sitemap.xml" in robots(client)
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_keeps_crawlers_out_of_the_admin_the_forms_and_the_quick_exit(client, home_page):
    lines = robots(client)
    assert lines[0] == "User-agent: *"
    forms = [*ReferralFormPage.objects.live(), *EnquiryFormPage.objects.live()]
    assert len(forms) >= 2
    for path in ["/admin/", "/leave/", *(form.url for form in forms)]:
        assert f"Disallow: {path}" in lines


def test_only_the_referral_start_page_is_allowed_and_only_its_exact_address(client, home_page):
    lines = robots(client)
    referrals = list(ReferralFormPage.objects.live())
    enquiries = list(EnquiryFormPage.objects.live())
    assert referrals and enquiries
    for form in referrals:
        # Allow first (for crawlers that take the first rule), `$` so nothing under it matches
        allow = lines.index(f"Allow: {form.url}$")
        assert lines[allow + 1] == f"Disallow: {form.url}"
    for form in enquiries:
        assert f"Disallow: {form.url}" in lines
        assert not [line for line in lines if line.startswith(f"Allow: {form.url}")]
    assert len([line for line in lines if line.startswith("Allow:")]) == len(referrals)


def google_allows(lines, path):
    """Whether `path` may be crawled, as RFC 9309 and Google read the rules: `*` is any
    characters, a final `$` ends the URL, the longest matching rule wins and Allow wins a tie."""
    matches = []
    for line in lines:
        verb, _, pattern = line.partition(": ")
        if verb not in ("Allow", "Disallow") or not pattern:
            continue
        regex = re.escape(pattern.removesuffix("$")).replace(r"\*", ".*")
        if re.match(regex + ("$" if pattern.endswith("$") else ""), path):
            matches.append((len(pattern), verb == "Allow"))
    return max(matches, default=(0, True))[1]


def test_crawlers_may_read_the_referral_start_page_and_nothing_under_it(client, home_page):
    lines = robots(client)
    refer = ReferralFormPage.objects.live().first()
    enquiry = EnquiryFormPage.objects.live().first()
    assert google_allows(lines, refer.url)
    for below in ("your-child/", "check-your-answers/", "confirmation/"):
        assert not google_allows(lines, f"{refer.url}{below}")
    assert not google_allows(lines, f"{refer.url}?utm_source=leaflet")
    assert not google_allows(lines, enquiry.url)
    assert not google_allows(lines, f"{enquiry.url}confirmation/")
    assert google_allows(lines, "/privacy/")


@pytest.fixture
def admin_at_staff():
    from vig_site.admin_path import admin_prefix

    admin_prefix.cache_clear()  # as tests/security/test_admin_elsewhere.py does
    yield
    admin_prefix.cache_clear()


@pytest.mark.urls("tests.admin_elsewhere_urls")
def test_the_admin_is_disallowed_wherever_it_is_mounted(client, home_page, admin_at_staff):
    lines = robots(client)
    assert "Disallow: /staff/" in lines
    assert "Disallow: /admin/" not in lines


def test_a_new_form_page_is_disallowed_at_once(client, home_page):
    robots(client)
    form = EnquiryFormPage(title="Ask about groups", slug="ask-about-groups")
    home_page.add_child(instance=form)
    form.save_revision().publish()
    assert "Disallow: /ask-about-groups/" in robots(client)


def test_a_private_form_page_is_not_named_to_the_world(client, home_page):
    form = EnquiryFormPage(title="Staff only questions", slug="staff-only-questions")
    home_page.add_child(instance=form)
    form.save_revision().publish()
    PageViewRestriction.objects.create(
        page=form, restriction_type=PageViewRestriction.PASSWORD, password="team-only"
    )
    assert not [line for line in robots(client) if "staff-only-questions" in line]


def test_content_pages_are_not_disallowed(client, home_page):
    assert not [line for line in robots(client) if line in ("Disallow: /", "Disallow: /privacy/")]


def test_from_the_cache_robots_costs_no_database_query(client, home_page):
    client.get("/robots.txt")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/robots.txt")
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 0, [query["sql"] for query in queries]
    assert not response.cookies
    assert "default-src 'self'" in response["Content-Security-Policy"]
