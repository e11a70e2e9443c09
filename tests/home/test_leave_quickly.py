"""Leave this site quickly (/leave/): the answers in progress go, and so does the visitor."""

from django.urls import reverse

from home.views import INTAKE_SESSION_PREFIX


def start_answers(client):
    session = client.session
    session[f"{INTAKE_SESSION_PREFIX}referral"] = {"child_first_name": "Sam"}
    session[f"{INTAKE_SESSION_PREFIX}enquiry"] = {"question": "Is it for us?"}
    session["not-an-answer"] = "kept"
    session.save()


def intake_keys(client):
    return [key for key in client.session.keys() if key.startswith(INTAKE_SESSION_PREFIX)]


def test_the_exit_address_is_leave():
    assert reverse("leave_quickly") == "/leave/"


def test_leaving_without_javascript_wipes_the_answers_and_goes_to_the_neutral_site(
    client, site_settings
):
    start_answers(client)
    response = client.get("/leave/")
    assert response.status_code == 302
    assert response["Location"] == site_settings.quick_exit_url
    assert intake_keys(client) == []
    assert client.session["not-an-answer"] == "kept"


def test_the_redirect_is_never_cached_and_sends_no_referrer(client, site_settings):
    response = client.get("/leave/")
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_neutral_site_comes_from_the_site_settings(client, site_settings):
    site_settings.quick_exit_url = "https://www.example.org/recipes/"
    site_settings.save()
    assert client.get("/leave/")["Location"] == "https://www.example.org/recipes/"


def test_the_beacon_wipes_the_answers_without_a_csrf_token_and_answers_204(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    start_answers(client)
    response = client.post("/leave/")
    assert response.status_code == 204
    assert response.content == b""
    assert intake_keys(client) == []
    assert client.session["not-an-answer"] == "kept"


def test_leaving_keeps_a_signed_in_member_of_staff_signed_in(admin_client):
    start_answers(admin_client)
    admin_client.post("/leave/")
    assert admin_client.session.get("_auth_user_id")
    assert intake_keys(admin_client) == []


def test_leaving_with_nothing_in_progress_starts_no_session(client, site_settings):
    response = client.get("/leave/")
    assert response.status_code == 302
    assert not response.cookies


def test_nothing_but_get_and_post_is_answered(client, site_settings):
    assert client.put("/leave/").status_code == 405


def test_leaving_works_while_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError

    from home.models import SiteSettings

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SiteSettings, "load", down)
    response = client.get("/leave/")
    assert response.status_code == 302
    assert response["Location"] == SiteSettings._meta.get_field("quick_exit_url").get_default()


def test_the_error_pages_start_with_the_quick_exit(rf, site_settings):
    from bs4 import BeautifulSoup

    from vig_site.views import bad_request, server_error

    for view in (server_error, bad_request):
        main = BeautifulSoup(view(rf.get("/")).content.decode(), "html.parser").find("main")
        link = main.find("a")
        assert link.has_attr("data-exit-this-page-link"), view.__name__
        assert link["href"] == "/leave/"
        assert link["data-exit-url"] == site_settings.quick_exit_url
