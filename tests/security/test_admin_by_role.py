"""Each role sees in the admin only what it can use (issue 20, item 20): the triage queue's panel
for those who triage, the page search and page panels for those with pages, and in the users
list's group filter only the groups a Manager can give."""

from pathlib import Path

import pytest
import wagtail
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.roles import CONTENT_EDITORS
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS
from tests.factories import make_user
from tests.html import field_values, soup

pytestmark = pytest.mark.django_db
ROLES = [TRIAGE_OFFICERS, MANAGERS, VIG_GUIDERS, CONTENT_EDITORS, "superuser"]
PAGE_ROLES = {CONTENT_EDITORS, "superuser"}
TRIAGE_ROLES = {TRIAGE_OFFICERS, MANAGERS, "superuser"}
# What Wagtail's dashboard panels about pages read: the user's recent page edits, their locked
# pages, and the pages (or other objects) in moderation.
PAGE_PANEL_READS = (
    '"wagtailcore_pagelogentry"',
    '"wagtailcore_page"."locked" ',
    '"wagtailcore_workflowstate"',
    '"wagtailcore_taskstate"',
)


def client_for(role):
    user = make_user("person", superuser=True) if role == "superuser" else make_user("person", role)
    client = Client()
    client.force_login(user)
    return client


def dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def has_page_search(html):
    """A search form that searches the page tree (the dashboard's "Search all pages…")."""
    return any(
        form.get("role") == "search" and form.get("action", "").startswith("/admin/pages/")
        for form in soup(html).find_all("form")
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_triage_queue_panel_is_on_the_dashboard_of_those_who_triage_only(role):
    html = dashboard(client_for(role))
    assert ('id="triage-queue' in html) == (role in TRIAGE_ROLES)


def test_a_guider_still_sees_their_families():
    assert 'id="caseload' in dashboard(client_for(VIG_GUIDERS))


@pytest.mark.parametrize("role", ROLES)
def test_the_page_search_is_on_the_dashboard_of_those_with_pages_only(role):
    assert has_page_search(dashboard(client_for(role))) == (role in PAGE_ROLES)


@pytest.mark.parametrize("role", [TRIAGE_OFFICERS, MANAGERS, VIG_GUIDERS])
def test_a_dashboard_without_pages_asks_nothing_about_page_edits_or_moderation(role):
    client = client_for(role)
    with CaptureQueriesContext(connection) as queries:
        dashboard(client)
    asked = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in asked if any(read in sql for read in PAGE_PANEL_READS)]


def test_an_editors_dashboard_keeps_the_page_panels():
    """The page panels still come for those with pages: an editor's own recent edit shows."""
    from wagtail.log_actions import log

    from home.models import HomePage

    client = client_for(CONTENT_EDITORS)
    editor = client.get(reverse("wagtailadmin_home")).wsgi_request.user
    log(instance=HomePage.objects.get(), action="wagtail.edit", user=editor)
    assert 'id="recent-edits' in dashboard(client)


def offered_groups(html):
    return {int(value) for value in field_values(html, "group") if value.isdigit()}


def test_the_users_list_offers_a_manager_only_the_groups_they_can_give():
    Group.objects.get_or_create(name="Moderators")
    Group.objects.get_or_create(name="Editors")
    html = client_for(MANAGERS).get(reverse("wagtailusers_users:index")).content.decode()
    assert offered_groups(html) == set(
        Group.objects.filter(name__in=[TRIAGE_OFFICERS, VIG_GUIDERS]).values_list("pk", flat=True)
    )


def test_the_users_list_offers_a_superuser_every_group():
    html = client_for("superuser").get(reverse("wagtailusers_users:index")).content.decode()
    assert offered_groups(html) == set(Group.objects.values_list("pk", flat=True))


def test_the_dashboard_override_follows_wagtails_own():
    """referrals/templates/wagtailadmin/home.html is Wagtail's dashboard with the page search
    shown only to those with a page to search. If Wagtail changes its dashboard, this fails:
    copy Wagtail's new template and put the condition back."""
    ours = Path(__file__).parents[2] / "referrals/templates/wagtailadmin/home.html"
    theirs = Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/home.html"
    kept = [
        line
        for line in ours.read_text().splitlines()
        if "{% if root_page %}" not in line
        and "{% endif %}{# root_page #}" not in line
        and not line.startswith("{#")
    ]
    assert kept == theirs.read_text().splitlines(), (
        f"wagtail {wagtail.__version__} changed wagtailadmin/home.html"
    )
