"""Public pages are served from the cache, and never stale after an editor changes something."""

import pytest
from django.contrib.auth import get_user_model

from home.models import InformationPage


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def test_second_anonymous_visit_is_served_from_the_cache(client, home_page):
    assert client.get("/")["X-Page-Cache"] == "miss"
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert home_page.title in response.content.decode()


def test_cached_page_still_carries_security_headers(client, home_page):
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_publishing_a_change_is_visible_at_once(client, home_page):
    client.get("/what-happens-in-a-vig-cycle/")
    page = InformationPage.objects.get(slug="what-happens-in-a-vig-cycle")
    page.introduction = "Changed just now."
    page.save_revision().publish()
    response = client.get("/what-happens-in-a-vig-cycle/")
    assert "Changed just now." in response.content.decode()


def test_changing_the_phone_number_is_visible_at_once(client, home_page, site_settings):
    client.get("/")
    site_settings.phone = "01506 000111"
    site_settings.save()
    assert "01506 000111" in client.get("/").content.decode()


def test_staff_never_get_a_cached_page(client, home_page):
    client.get("/")
    client.force_login(get_user_model().objects.get(username="editor"))
    assert "X-Page-Cache" not in client.get("/")


def test_query_strings_bypass_the_cache(client, home_page):
    client.get("/")
    assert "X-Page-Cache" not in client.get("/?utm_source=leaflet")


def restrict_with_password(page):
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="team-only"
    )


def test_password_protected_pages_are_never_served_from_the_cache(client, home_page):
    from django.test import Client

    page = InformationPage.objects.get(slug="privacy")
    restriction = restrict_with_password(page)
    # Someone who knows the password sees the page...
    form = client.get("/privacy/")
    assert "password" in form.content.decode().lower()
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.id}/{page.id}/",
        {"password": "team-only", "return_url": "/privacy/"},
    )
    assert response.status_code == 302
    assert page.introduction in client.get("/privacy/").content.decode()
    # ...and a stranger afterwards still gets the password form, not a cached copy.
    stranger = Client().get("/privacy/")
    assert page.introduction not in stranger.content.decode()
    assert "X-Page-Cache" not in stranger


def test_making_a_cached_page_private_takes_effect_at_once(client, home_page):
    page = InformationPage.objects.get(slug="privacy")
    assert client.get("/privacy/")["X-Page-Cache"] == "miss"
    restrict_with_password(page)
    assert "How long we keep it" not in client.get("/privacy/").content.decode()


def test_one_cache_round_trip_for_a_cached_page(client, home_page, monkeypatch):
    from django.core.cache import cache

    client.get("/")
    calls, depth = [], [0]

    def spy(name, original):
        def call(*args, **kwargs):
            if not depth[0]:  # the local-memory cache's get_many calls get: count it once
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "add", "set", "incr"):
        monkeypatch.setattr(cache, name, spy(name, getattr(cache, name)))
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert calls == ["get_many"]


def test_an_address_that_is_never_shared_is_not_looked_up_again(client, home_page, monkeypatch):
    from django.core.cache import cache

    page = InformationPage.objects.get(slug="privacy")
    restriction = restrict_with_password(page)
    assert client.get("/privacy/").status_code == 200  # the password form: never shared
    looked_up = []
    original = cache.get_many

    def get_many(keys):
        # Only the page cache's look-ups (the footer's logo has its own, for its rendition).
        if any(key.startswith("public-page") for key in keys):
            looked_up.append(keys)
        return original(keys)

    monkeypatch.setattr(cache, "get_many", get_many)
    client.get("/privacy/")
    assert looked_up == []
    # A change to the content forgets it, so a page that becomes shareable is cached again.
    restriction.delete()
    assert client.get("/privacy/")["X-Page-Cache"] == "miss"
    assert len(looked_up) == 1


def test_a_shared_form_is_never_kept_by_browsers_as_django_would_say_it():
    from django.http import HttpResponse
    from django.utils.cache import add_never_cache_headers

    from home.cache import NEVER_CACHE

    response = HttpResponse()
    add_never_cache_headers(response)
    assert response["Cache-Control"] == NEVER_CACHE
