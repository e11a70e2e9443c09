"""The Open Referral UK feed: the service as a directory reads it, checked against the UK
profile's schema (tests/home/openreferral_schema.json), open to every origin, never holding
personal data, served from the cache and never out of date."""

import json
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator, FormatChecker

from home.models import AlertBanner, HomePage
from tests.factories import ReferralFactory

from .christmas_closure import CLOSED, DANGER, END, START, clock_an_hour_before_the_closure

SCHEMA = json.loads((Path(__file__).parent / "openreferral_schema.json").read_text())
FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_absolute_uri(value):
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


LISTS = ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"]
RECORDS = ["services", "organizations", "taxonomies", "taxonomy_terms"]


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def team(site_settings):
    site_settings.email = "vig.team@anytown.example"
    site_settings.area_served = "Anytown"
    site_settings.save()
    return site_settings


def schema_errors(endpoint, document):
    validator = Draft202012Validator(
        {**SCHEMA, "$ref": f"#/$defs/endpoints/{endpoint.replace('/', '~1')}"},
        format_checker=FORMATS,
    )
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)
    ]


def get_json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def the_service(client):
    [listed] = get_json(client, "/openreferral/services")["contents"]
    return get_json(client, f"/openreferral/services/{listed['id']}")


def test_the_api_details_say_which_profile_it_follows(client, team):
    details = get_json(client, "/openreferral/")
    assert schema_errors("/", details) == []
    assert "OpenReferralUK/uk-profile" in details["profile"]


@pytest.mark.parametrize("kind", LISTS)
def test_every_list_is_a_page_the_profile_describes(client, team, kind):
    page = get_json(client, f"/openreferral/{kind}")
    assert schema_errors(f"/{kind}", page) == []


@pytest.mark.parametrize("kind", RECORDS)
def test_every_record_is_as_the_profile_describes(client, team, kind):
    [listed] = get_json(client, f"/openreferral/{kind}")["contents"]
    record = get_json(client, f"/openreferral/{kind}/{listed['id']}")
    assert schema_errors(f"/{kind}/{{id}}", record) == []
    assert record["id"] == listed["id"]


def test_the_schema_check_can_fail(client, team):
    service = the_service(client)
    del service["status"]
    service["minimum_age"] = "birth"
    assert len(schema_errors("/services/{id}", service)) == 2


def test_the_service_is_described_from_the_team_settings_and_the_home_page(client, team):
    home = HomePage.objects.get()
    service = the_service(client)
    assert service["name"] == team.service_name
    assert service["status"] == "active"
    assert service["url"] == "http://testserver/"
    assert service["email"] == team.email
    assert service["eligibility_description"] == home.glance_who
    assert service["fees"] == home.glance_cost
    assert [option["amount"] for option in service["cost_options"]] == [0]
    assert (service["minimum_age"], service["maximum_age"]) == (0, 18)
    assert [area["name"] for area in service["service_areas"]] == ["Anytown"]
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("en", "English"),
        ("pl", "Polish"),
        ("ar", "Arabic"),
    ]
    [contact] = service["contacts"]
    assert contact["name"] == team.team_name
    assert contact["email"] == team.email
    assert [phone["number"] for phone in contact["phones"]] == [team.phone, team.relay_uk_phone]
    assert service["organization"]["name"] == team.council_name
    [attribute] = service["attributes"]
    assert attribute["taxonomy_term"]["name"] == "Parenting support"


# Every field the feed gives, at every depth: a new one fails here until it is checked to hold
# no personal data and added.
SERVICE_FIELDS = {
    "id", "organization_id", "name", "description", "url", "email", "status", "fees",
    "eligibility_description", "minimum_age", "maximum_age",
    "organization", "organization.id", "organization.name", "organization.description",
    "contacts", "contacts.id", "contacts.service_id", "contacts.name", "contacts.email",
    "contacts.phones", "contacts.phones.id", "contacts.phones.contact_id",
    "contacts.phones.number", "contacts.phones.type", "contacts.phones.description",
    "languages", "languages.id", "languages.service_id", "languages.name", "languages.code",
    "service_areas", "service_areas.id", "service_areas.service_id", "service_areas.name",
    "service_areas.service_area",
    "cost_options", "cost_options.id", "cost_options.service_id", "cost_options.option",
    "cost_options.amount",
    "attributes", "attributes.id", "attributes.link_id", "attributes.taxonomy_term_id",
    "attributes.link_type", "attributes.taxonomy_term", "attributes.taxonomy_term.id",
    "attributes.taxonomy_term.name", "attributes.taxonomy_term.description",
    "attributes.taxonomy_term.taxonomy", "attributes.taxonomy_term.taxonomy_id",
    "attributes.taxonomy_term.term",
}  # fmt: skip


def field_paths(document, prefix=""):
    paths = set()
    items = document if isinstance(document, list) else [document]
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            path = f"{prefix}{key}"
            paths.add(path)
            paths |= field_paths(value, f"{path}.")
    return paths


API_DETAILS_FIELDS = {"version", "profile", "openapi_url"}
ORGANIZATION_FIELDS = {"id", "name", "description"}
# A service as the lists and its organisation give it: its one-to-one fields.
LISTED_SERVICE_FIELDS = {
    *(path for path in SERVICE_FIELDS if not path.startswith(
        ("contacts", "languages", "service_areas", "cost_options", "attributes")
    )),
}  # fmt: skip
TERM_FIELDS = {"id", "name", "description", "taxonomy", "taxonomy_id", "term"}
TAXONOMY_FIELDS = {"id", "name", "description"}
PAGE_FIELDS = {
    "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
    "contents",
}  # fmt: skip


def in_contents(paths):
    return PAGE_FIELDS | {f"contents.{path}" for path in paths}


def test_every_endpoint_holds_exactly_the_fields_known_to_hold_no_personal_data(client, team):
    ReferralFactory()  # a family's referral exists: nothing of it may appear
    AlertBanner.objects.create(heading=CLOSED, text=DANGER)  # so the alert is held too
    service = the_service(client)
    organization_id = service["organization_id"]
    [taxonomy] = get_json(client, "/openreferral/taxonomies")["contents"]
    [term] = get_json(client, "/openreferral/taxonomy_terms")["contents"]
    expected = {
        "/openreferral/": set(API_DETAILS_FIELDS),
        f"/openreferral/services/{service['id']}": SERVICE_FIELDS | {"alert"},
        "/openreferral/services": in_contents(LISTED_SERVICE_FIELDS | {"alert"}),
        "/openreferral/organizations": in_contents(ORGANIZATION_FIELDS),
        f"/openreferral/organizations/{organization_id}": ORGANIZATION_FIELDS
        | {"services", *(f"services.{path}" for path in LISTED_SERVICE_FIELDS | {"alert"})},
        "/openreferral/taxonomies": in_contents(TAXONOMY_FIELDS | {"taxonomy_terms"})
        | {f"contents.taxonomy_terms.{path}" for path in TERM_FIELDS},
        f"/openreferral/taxonomies/{taxonomy['id']}": TAXONOMY_FIELDS
        | {"taxonomy_terms", *(f"taxonomy_terms.{path}" for path in TERM_FIELDS)},
        "/openreferral/taxonomy_terms": in_contents(TERM_FIELDS),
        f"/openreferral/taxonomy_terms/{term['id']}": TERM_FIELDS,
        "/openreferral/service_at_locations": PAGE_FIELDS,
    }
    for path, fields in expected.items():
        assert field_paths(get_json(client, path)) == fields, path


def test_no_family_or_staff_detail_ever_appears(client, team):
    referral = ReferralFactory()
    text = "".join(
        client.get(path).content.decode()
        for path in ["/openreferral/", *(f"/openreferral/{kind}" for kind in LISTS)]
    ) + json.dumps(the_service(client))
    for value in (referral.child_first_name, referral.reference):
        assert value not in text


def test_the_service_id_is_derived_from_the_site_address_and_stays_the_same(client, team):
    expected = str(uuid.uuid5(uuid.NAMESPACE_URL, "http://testserver/openreferral/service"))
    assert the_service(client)["id"] == expected
    team.save()  # a new content version: built again, the same id
    assert the_service(client)["id"] == expected


def test_any_site_may_read_the_feed_and_no_cookie_is_set(client, team):
    for path in ["/openreferral/", "/openreferral/services"]:
        response = client.get(path, HTTP_ORIGIN="https://directory.example")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_feed_is_read_only(client, team):
    assert client.head("/openreferral/services").status_code == 200
    for method in (client.post, client.put, client.delete):
        response = method("/openreferral/services")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response.json()["message"]


@pytest.mark.parametrize(
    "path", ["/openreferral/", "/openreferral/services", "/openreferral/services/x"]
)
def test_a_browsers_cors_preflight_is_answered(client, team, path):
    response = client.options(
        path,
        HTTP_ORIGIN="https://directory.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept, content-type",
    )
    assert response.status_code == 204
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    allowed = {name.strip().lower() for name in response["Access-Control-Allow-Headers"].split(",")}
    assert {"accept", "content-type"} <= allowed
    assert int(response["Access-Control-Max-Age"]) > 0
    assert not response.cookies


def test_from_the_cache_the_feed_costs_no_database_query(client, team):
    service_id = the_service(client)["id"]
    for path in [
        "/openreferral/",
        "/openreferral/services",
        f"/openreferral/services/{service_id}",
    ]:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response["X-Page-Cache"] == "hit"
        assert len(queries) == 0, [query["sql"] for query in queries]


def test_without_the_relay_uk_line_only_the_phone_number_is_given(client, team):
    team.relay_uk = False
    team.save()
    [contact] = the_service(client)["contacts"]
    assert [(phone["number"], phone["type"]) for phone in contact["phones"]] == [
        (team.phone, "voice")
    ]


def test_a_change_to_the_team_settings_shows_at_once(client, team):
    the_service(client)
    team.phone = "01506 000111"
    team.area_served = "Anytown and Otherton"
    team.save()
    service = the_service(client)
    assert service["contacts"][0]["phones"][0]["number"] == "01506 000111"
    assert service["service_areas"][0]["name"] == "Anytown and Otherton"


def test_publishing_the_home_page_shows_at_once(client, team):
    the_service(client)
    home = HomePage.objects.get()
    home.search_description = "Video Interaction Guidance for families in Anytown."
    home.save_revision().publish()
    assert the_service(client)["description"] == home.search_description


def test_the_languages_follow_the_languages_the_site_is_offered_in(client, team, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.LANGUAGES = settings.WAGTAIL_CONTENT_LANGUAGES = [
        ("en-gb", "English"),
        ("cy", "Welsh"),
    ]
    languages = the_service(client)["languages"]
    assert [(lang["code"], lang["name"]) for lang in languages] == [
        ("en", "English"),
        ("cy", "Welsh"),
    ]
    assert len({lang["id"] for lang in languages}) == 2


def test_no_area_served_gives_no_service_area(client, site_settings):
    site_settings.area_served = ""
    site_settings.save()
    service = the_service(client)
    assert service["service_areas"] == []
    assert schema_errors("/services/{id}", service) == []


@pytest.mark.parametrize("kind", RECORDS)
def test_an_unknown_id_is_not_found_in_json(client, team, kind):
    for unknown in (str(uuid.uuid4()), "not-an-id"):
        body = get_json(client, f"/openreferral/{kind}/{unknown}", status=404)
        assert body["status"] == 404
        assert unknown not in json.dumps(body)


def test_paging_follows_the_profile(client, team):
    first = get_json(client, "/openreferral/services?page=1&per_page=1")
    assert (first["page_number"], first["size"], first["total_items"]) == (1, 1, 1)
    assert first["first_page"] and first["last_page"] and not first["empty"]
    beyond = get_json(client, "/openreferral/services?page=3")
    assert (beyond["size"], beyond["empty"], beyond["first_page"]) == (0, True, False)
    assert schema_errors("/services", beyond) == []


@pytest.mark.parametrize("query", ["page=two", "page=0", "per_page=-5", "per_page=100000"])
def test_paging_it_cannot_follow_is_refused_with_a_message(client, team, query):
    body = get_json(client, f"/openreferral/services?{query}", status=400)
    assert body["message"].startswith(("page", "per_page"))


@pytest.fixture
def clock():
    """The time now, moved by hand (django.utils.timezone.now reads it)."""
    with clock_an_hour_before_the_closure() as fake:
        yield fake


def test_a_banner_showing_on_the_site_is_the_services_alert(client, team):
    AlertBanner.objects.create(kind=AlertBanner.INFORMATION, heading="New groups in March.")
    AlertBanner.objects.create(heading=CLOSED, text=DANGER)
    service = the_service(client)
    assert service["alert"] == f"{CLOSED} {DANGER} New groups in March."
    assert schema_errors("/services/{id}", service) == []
    [listed] = get_json(client, "/openreferral/services")["contents"]
    assert listed["alert"] == service["alert"]


def test_the_alert_is_given_only_within_its_window_even_from_the_cache(client, team, clock):
    AlertBanner.objects.create(heading=CLOSED, text=DANGER, starts_at=START, ends_at=END)
    assert "alert" not in the_service(client)
    clock.now = START.timestamp()
    assert the_service(client)["alert"] == f"{CLOSED} {DANGER}"
    the_service(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/openreferral/services/{the_service_id()}")
    assert (response["X-Page-Cache"], len(queries)) == ("hit", 0)
    clock.now = END.timestamp()
    assert "alert" not in the_service(client)


def the_service_id():
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "http://testserver/openreferral/service"))
