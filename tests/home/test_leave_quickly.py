"""Leave this site quickly (/leave/): the answers in progress go, and so does the visitor.

The requests carry the headers a browser sends: the exit link without JavaScript is a
navigation from a page of this site, the script's beacon a POST from one. Only such requests
from this site itself wipe anything: another site cannot make a family's browser forget its
answers (it may still send a visitor on to the neutral site).
"""

import pytest
from django.urls import reverse

from referrals.intake.answers import SESSION_PREFIX as INTAKE_SESSION_PREFIX
from tests.html import soup

ORIGIN = "http://testserver"  # the test client's own site
# The exit link followed without JavaScript: a navigation from one of this site's pages.
LINK = {
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Dest": "document",
    "Sec-Fetch-User": "?1",
}
# navigator.sendBeacon from one of this site's pages.
BEACON = {
    "Sec-Fetch-Site": "same-origin",
    "Sec-Fetch-Mode": "no-cors",
    "Sec-Fetch-Dest": "empty",
    "Origin": ORIGIN,
}
# A bookmark, or the address typed in.
TYPED = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}


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
    response = client.get("/leave/", headers=LINK)
    assert response.status_code == 302
    assert response["Location"] == site_settings.quick_exit_url
    assert intake_keys(client) == []
    assert client.session["not-an-answer"] == "kept"


def test_the_redirect_is_never_cached_and_sends_no_referrer(client, site_settings):
    response = client.get("/leave/", headers=LINK)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_neutral_site_comes_from_the_site_settings(client, site_settings):
    site_settings.quick_exit_url = "https://www.example.org/recipes/"
    site_settings.save()
    assert client.get("/leave/", headers=LINK)["Location"] == "https://www.example.org/recipes/"


def test_the_beacon_wipes_the_answers_without_a_csrf_token_and_answers_204(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    start_answers(client)
    response = client.post("/leave/", headers=BEACON)
    assert response.status_code == 204
    assert response.content == b""
    assert intake_keys(client) == []
    assert client.session["not-an-answer"] == "kept"


def test_leaving_keeps_a_signed_in_member_of_staff_signed_in(admin_client):
    start_answers(admin_client)
    admin_client.post("/leave/", headers=BEACON)
    assert admin_client.session.get("_auth_user_id")
    assert intake_keys(admin_client) == []


def test_leaving_with_nothing_in_progress_starts_no_session(client, site_settings):
    response = client.get("/leave/", headers=LINK)
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
    response = client.get("/leave/", headers=LINK)
    assert response.status_code == 302
    assert response["Location"] == SiteSettings._meta.get_field("quick_exit_url").get_default()


def test_the_error_pages_start_with_the_quick_exit(rf, site_settings):
    from vig_site.views import bad_request, server_error

    for view in (server_error, bad_request):
        main = soup(view(rf.get("/"))).find("main")
        link = main.find("a")
        assert link.has_attr("data-exit-this-page-link"), view.__name__
        assert link["href"] == "/leave/"
        assert link["data-exit-url"] == site_settings.quick_exit_url


# Only this site may make a browser forget ---------------------------------------------------

ELSEWHERE = "https://elsewhere.example"
# Browsers too old to send Sec-Fetch-Site: the exit link sends the page as its Referer, the
# beacon its Origin.
OLD_BROWSER_LINK = {"Referer": f"{ORIGIN}/refer/about-you/"}
OLD_BROWSER_BEACON = {"Origin": ORIGIN}

FROM_THIS_SITE = {
    "link": LINK,
    "typed or bookmarked": TYPED,
    "beacon": BEACON,
    "old browser link": OLD_BROWSER_LINK,
    "old browser beacon": OLD_BROWSER_BEACON,
}
FROM_ELSEWHERE = {
    "a link on another site": {
        "Sec-Fetch-Site": "cross-site",
        "Sec-Fetch-Mode": "navigate",
        "Sec-Fetch-Dest": "document",
        "Referer": f"{ELSEWHERE}/",
    },
    "an image on another site": {
        "Sec-Fetch-Site": "cross-site",
        "Sec-Fetch-Mode": "no-cors",
        "Sec-Fetch-Dest": "image",
    },
    "a form or beacon on another site": {
        "Sec-Fetch-Site": "cross-site",
        "Sec-Fetch-Mode": "no-cors",
        "Sec-Fetch-Dest": "empty",
        "Origin": ELSEWHERE,
    },
    "a sibling site on the same domain": {
        "Sec-Fetch-Site": "same-site",
        "Sec-Fetch-Mode": "no-cors",
        "Origin": "http://blog.testserver",
    },
    "an old browser on another site, with its origin": {"Origin": ELSEWHERE},
    "an old browser on another site, with an opaque origin": {"Origin": "null"},
    "an old browser on another site, with its address": {"Referer": f"{ELSEWHERE}/page"},
    "this host over another scheme": {"Origin": "https://testserver"},
    "nothing to say where it came from": {},
}


def sent_a_referral(client):
    """A referral just sent: its reference waits in a cookie for the confirmation page."""
    client.cookies["vig-confirmation-7"] = "VIG-AB12-CD34_2026-01-05:signed"


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("headers", FROM_THIS_SITE.values(), ids=FROM_THIS_SITE.keys())
def test_leaving_from_this_site_forgets_everything(client, site_settings, headers, method):
    start_answers(client)
    sent_a_referral(client)
    response = getattr(client, method)("/leave/", headers=headers)
    assert response.status_code == (302 if method == "get" else 204)
    assert intake_keys(client) == []
    assert response.cookies["vig-confirmation-7"]["max-age"] == 0


@pytest.mark.parametrize("headers", FROM_ELSEWHERE.values(), ids=FROM_ELSEWHERE.keys())
def test_another_site_cannot_make_a_browser_forget_with_a_post(client, site_settings, headers):
    start_answers(client)
    sent_a_referral(client)
    response = client.post("/leave/", headers=headers)
    assert response.status_code == 403
    assert len(intake_keys(client)) == 2
    assert "vig-confirmation-7" not in response.cookies
    assert "csrftoken" not in response.cookies


@pytest.mark.parametrize("headers", FROM_ELSEWHERE.values(), ids=FROM_ELSEWHERE.keys())
def test_a_link_from_another_site_leads_to_the_neutral_site_and_forgets_nothing(
    client, site_settings, headers
):
    """Whoever follows it still leaves (an error page could be the one left on screen); only
    the forgetting is refused."""
    start_answers(client)
    sent_a_referral(client)
    response = client.get("/leave/", headers=headers)
    assert response.status_code == 302
    assert response["Location"] == site_settings.quick_exit_url
    assert response["Referrer-Policy"] == "no-referrer"
    assert len(intake_keys(client)) == 2
    assert "vig-confirmation-7" not in response.cookies
    assert "csrftoken" not in response.cookies
