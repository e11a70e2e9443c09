"""Faults get a page that says what happened and gives the phone number, never a bare error."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_oversized_form_gets_a_helpful_page_with_the_phone_number(home_page, site_settings):
    response = Client().post("/refer/", {"what_to_change": "x" * (3 * 1024 * 1024)})
    html = response.content.decode()
    assert response.status_code == 413
    assert "too large" in html
    assert site_settings.phone in html
    assert "Traceback" not in html


def test_a_database_outage_gets_a_503_with_the_phone_number(home_page, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # not served from the page cache: the page must load
    client = Client(raise_request_exception=False)
    with mock.patch(
        "home.models.HomePage.serve", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "not available just now" in html
    assert "01506 282948" in html
    assert "connection refused" not in html and "Traceback" not in html
