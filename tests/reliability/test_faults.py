"""Faults get a page that says what happened and gives the phone number, never a bare error."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_oversized_form_gets_a_helpful_page_with_the_phone_number(form_pages, site_settings):
    enquiry = form_pages["enquiry"].url  # a page that reads what is sent to it
    response = Client().post(enquiry, {"question": "x" * (3 * 1024 * 1024)})
    html = response.content.decode()
    assert response.status_code == 413
    assert "too large" in html
    assert site_settings.phone in html
    assert "Traceback" not in html


# A database outage: see test_database_down.py (a real refused connection).
