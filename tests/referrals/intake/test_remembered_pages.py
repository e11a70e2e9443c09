"""The question pages are a visitor's own, but what they are built from (the route to the form
page, the site settings, the header, menu and footer) is read once per content version and
process (home.snapshot): a question page costs the visitor's session and nothing more, and an
editor's change still shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import InformationPage, SiteSettings
from tests.intake_journey import (
    CSRF,
    answer_questions,
    csrf_token,
    first_question_url,
    send_referral,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def question(refer_url, referral_data):
    """A question page's address, after another visitor has been through the whole form."""
    send_referral(Client(), refer_url, referral_data)
    return first_question_url(Client(), refer_url)


def queries(client, method, path, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data)
    real = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    return response, real


def test_a_question_page_reads_nothing_but_the_visitors_session(question, referral_data):
    visitor = Client()
    response, first = queries(visitor, "get", question)
    assert response.status_code == 200
    assert first == []  # a new visitor has no session yet
    data = {**referral_data, "csrfmiddlewaretoken": CSRF.search(response.text).group(1)}
    response, answered = queries(visitor, "post", question, data)
    assert response.status_code == 302
    assert all("django_session" in sql for sql in answered), answered
    response, second = queries(visitor, "get", response["Location"])
    assert response.status_code == 200
    assert len(second) == 1 and "django_session" in second[0], second


def test_sending_writes_the_case_and_ends_the_session_with_nothing_read_twice(
    question, refer_url, referral_data, django_capture_on_commit_callbacks
):
    visitor = Client()
    accepted, check = answer_questions(visitor, refer_url, referral_data)
    assert accepted
    data = {"website": "", "csrfmiddlewaretoken": csrf_token(visitor.get(check).content)}
    with django_capture_on_commit_callbacks(execute=False):  # the worker's part is not counted
        response, sent = queries(visitor, "post", check, data)
    assert response.status_code == 302 and response["Location"].endswith("confirmation/")
    # The session read, then one transaction: the referral, its history entry and its outbox
    # rows; then the session row deleted. Nothing is read before the referral is saved (the
    # database refuses a reference another case has); the site settings are the ones the
    # request already has, and the session is not read again before it is deleted.
    assert not [sql for sql in sent if "home_sitesettings" in sql], sent
    sessions = [sql.split()[0] for sql in sent if "django_session" in sql]
    assert sessions == ["SELECT", "DELETE"], sent
    assert [sql.split()[0] for sql in sent] == ["SELECT", "INSERT", "INSERT", "INSERT", "DELETE"]


def test_a_page_published_into_the_menu_shows_on_question_pages_at_once(question, home_page):
    assert "Our new groups" not in Client().get(question).text
    page = InformationPage(title="Our new groups", slug="our-new-groups", show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert "Our new groups" in Client().get(question).text


def test_new_settings_show_on_question_pages_at_once(question, site_settings):
    site_settings.refresh_from_db()
    site_settings.phone = "01506 000333"
    site_settings.save()
    assert "01506 000333" in Client().get(question).text


def test_a_form_page_made_private_asks_for_its_password_on_every_question_page_at_once(
    question, form_pages
):
    assert Client().get(question).status_code == 200
    PageViewRestriction.objects.create(
        page=form_pages["refer"], restriction_type=PageViewRestriction.PASSWORD, password="team"
    )
    response = Client().get(question)
    assert "password" in response.text.lower()
    assert 'name="contact_name"' not in response.text


def test_an_unpublished_form_page_is_gone_from_its_question_pages_at_once(question, form_pages):
    form_pages["refer"].unpublish()
    assert Client().get(question).status_code == 404


def test_an_emptied_cache_never_brings_back_what_was_remembered_before(question, site_settings):
    """The content version starts at a random number, so a process does not take what it
    remembered for an earlier cache's version for the new cache's."""
    assert Client().get(question).status_code == 200
    SiteSettings.objects.update(phone="01506 000444")  # no signal: nothing bumps the version
    cache.clear()  # as a restarted Redis would be
    assert "01506 000444" in Client().get(question).text


def test_signed_in_staff_read_everything_afresh(question, admin_client, site_settings):
    assert Client().get(question).status_code == 200
    SiteSettings.objects.update(phone="01506 000555")  # no signal: the version stays
    assert "01506 000555" in admin_client.get(question).text
    assert "01506 000555" not in Client().get(question).text  # remembered until published


def test_each_visitor_gets_their_own_token_on_a_blank_question_page(question, referral_data):
    from home.cache import CSRF_PLACEHOLDER

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [visitor.get(question) for visitor in (first, second)]
    tokens = [CSRF.search(page.text).group(1) for page in pages]
    assert tokens[0] != tokens[1]
    assert all(CSRF_PLACEHOLDER not in page.text for page in pages)
    assert all("no-store" in page["Cache-Control"] for page in pages)
    for visitor, token in zip((first, second), tokens, strict=True):
        response = visitor.post(question, {**referral_data, "csrfmiddlewaretoken": token})
        assert response.status_code == 302


def test_a_visitor_going_back_sees_their_own_answers_not_the_blank_page(question, referral_data):
    visitor, stranger = Client(), Client()
    token = CSRF.search(visitor.get(question).text).group(1)
    visitor.post(question, {**referral_data, "csrfmiddlewaretoken": token})
    assert referral_data["contact_name"] in visitor.get(question).text
    assert referral_data["contact_name"] not in stranger.get(question).text


def test_a_new_title_shows_on_blank_question_pages_at_once(question, form_pages):
    page = form_pages["refer"]
    page.title = "Ask for help with your family"
    page.save_revision().publish()
    assert "Ask for help with your family" in Client().get(question).text


def test_a_deleted_logo_leaves_no_footer_pointing_at_its_file(question, site_settings):
    site_settings.refresh_from_db()
    logo = site_settings.council_logo
    assert logo is not None  # the demo settings have the council's logo
    assert 'class="site-footer__logo"' in Client().get(question).text
    logo.delete()  # the settings' link is cleared in SQL: no signal for the settings
    assert 'class="site-footer__logo"' not in Client().get(question).text


def test_nothing_is_remembered_longer_than_its_lifetime(question, site_settings, monkeypatch):
    """Even a change the content version missed (a bump lost while the cache was unreachable)
    shows once what was remembered has lived its time."""
    from home import snapshot

    assert Client().get(question).status_code == 200
    SiteSettings.objects.update(phone="01506 000666")  # no signal: the version stays
    assert "01506 000666" not in Client().get(question).text
    monkeypatch.setattr(snapshot, "LIFETIME_SECONDS", 0)
    assert "01506 000666" in Client().get(question).text


def test_made_up_addresses_are_not_remembered(question, refer_url):
    from home import snapshot

    for n in range(3):
        assert Client().get(f"{refer_url}made-up-{n}/").status_code == 404
    assert not [key for key in snapshot._memo if "made-up" in str(key)]


def test_an_error_page_marks_no_other_address_as_current(form_pages, refer_url):
    visitor = Client(enforce_csrf_checks=True)
    refused = visitor.post(refer_url, {})  # no CSRF token: refused on a menu page's address
    assert refused.status_code == 403
    missing = Client().get("/no-such-page/")
    assert missing.status_code == 404
    assert 'aria-current="page"' not in missing.text
