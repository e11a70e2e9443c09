"""wagtail-localize's admin routes are for those who translate (Content editors, with
"submit translation"): its Translations report, whose menu item it shows to every staff member,
and its snippet API, neither of which checks a permission of its own, are refused to triage
officers and Guiders, and the report is not in their menu."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROUTES = [
    reverse("wagtail_localize:translations_report"),
    reverse("wagtail_localize:translations_report_results"),
    reverse("wagtail_localize:snippets_api_listing", args=["home", "alertbanner"]),
    reverse("wagtail_localize:snippets_api_listing", args=["home", "languagereview"]),
]


@pytest.mark.parametrize("path", ROUTES)
def test_staff_who_do_not_translate_are_refused(officer_client, guider_client, path):
    for client in (officer_client, guider_client):
        assert client.get("/admin/").status_code == 200  # signed in, in the admin
        response = client.get(path)
        # Wagtail's admin answers a refusal with its "no permission" redirect to the dashboard.
        assert (response.status_code, response.get("Location")) == (302, "/admin/")


@pytest.mark.parametrize("path", ROUTES[:2])
def test_editors_read_the_translations_report(editor_client, path):
    assert editor_client.get(path).status_code == 200


def test_the_report_is_not_in_an_officers_menu(officer_client, editor_client):
    report = reverse("wagtail_localize:translations_report")
    assert report not in officer_client.get("/admin/").content.decode()
    assert report in editor_client.get("/admin/").content.decode()
