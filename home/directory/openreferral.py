"""The service as Open Referral UK describes it: the UK profile (version 3.0) of the Human
Services Data Specification (HSDS), OpenReferralUK/uk-profile, schema/compiled/*.json.

One organisation (the council, or the team when no council is named) offers one service (this
site's), with one contact (the team, its public email address and phone number), one taxonomy
term, the languages the site is offered in and the area it serves, and, while an alert banner
shows on the site ("We are closed from 24 to 26 December"), its words as the service's alert.
Everything comes from the team's site settings, the alert banners and the home page's "at a
glance" facts, which editors keep (home.glance): who the service is for and what it costs.
Nothing here comes from a referral, an enquiry or a staff account: the feed carries no personal
data.

Where the UK profile leaves out a field of HSDS 3.0 that a directory needs to show the service
(the eligibility in words, the contact's email and phone, each language's name and code), the
HSDS 3.0 field is given as HSDS names it; the UK profile's schemas allow fields beyond their own.

Identifiers are UUIDs (version 5, RFC 4122) derived from the site's public address
(SITE_BASE_URL) and the thing they name, so they stay the same across restarts, deployments and
databases, and change only if the site moves to a new address (docs/operations.md).
"""

import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language_info

from ..cache import changes_at
from ..models import AlertBanner, HomePage, SiteSettings
from ..models.alerts import next_change, showing_at

# What GET /openreferral/ says of the API (the UK profile's openapi.json, path "/").
API_DETAILS = {
    "version": "3.0",
    "profile": "https://github.com/OpenReferralUK/uk-profile",
    "openapi_url": "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/"
    "openapi.json",
}

# Video Interaction Guidance is offered to families with a child from birth to 18.
MINIMUM_AGE = 0
MAXIMUM_AGE = 18

# The site's own taxonomy, with the one term that says what kind of service this is. A council
# that maps services onto its directory's taxonomy does so from this term.
TAXONOMY = {
    "name": "Service types",
    "description": "The kinds of support this site's service offers.",
}
# What a directory shows beside the Relay UK number (as the site's pages do).
RELAY_UK = "Relay UK, for people who are deaf, hard of hearing or speech impaired"
TERM = {
    "name": "Parenting support",
    "description": "Support for parents and carers in their relationship with their child.",
}


def site_address():
    """The site's public address, without a trailing slash (SITE_BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def stable_id(*parts):
    """A UUID for the thing `parts` name, the same for as long as the site keeps its address."""
    name = "/".join([site_address(), "openreferral", *parts])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def site_languages():
    """[(ISO 639-1 code, English name)] of the languages the site is offered in: Wagtail's
    WAGTAIL_CONTENT_LANGUAGES when translations are on, else LANGUAGES when the settings set
    it, else LANGUAGE_CODE alone."""
    if getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None):
        codes = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
    elif settings.is_overridden("LANGUAGES"):
        codes = [code for code, _ in settings.LANGUAGES]
    else:
        codes = [settings.LANGUAGE_CODE]
    languages = {}
    for code in codes:
        base = code.split("-")[0].lower()
        try:
            languages.setdefault(base, get_language_info(base)["name"])
        except KeyError:
            languages.setdefault(base, base)
    return list(languages.items())


def _without_blanks(document):
    return {key: value for key, value in document.items() if value not in ("", None)}


def catalogue():
    """Every document the API serves, by endpoint and id (a few queries). What it gives holds
    until the next alert banner starts or ends (home.cache.changes_at)."""
    team = SiteSettings.load()
    home = HomePage.objects.live().first()
    service_id = stable_id("service")
    organization = _organization(team)
    term = _term()
    service = _service(team, home, service_id, organization, term)
    service.update(_without_blanks({"alert": current_alert()}))
    listed = _listed(service)
    taxonomy = {**_taxonomy(), "taxonomy_terms": [term]}
    return {
        "": API_DETAILS,
        "services": {service_id: service},
        "service_list": {service_id: listed},
        "organizations": {organization["id"]: {**organization, "services": [listed]}},
        "organization_list": {organization["id"]: organization},
        "taxonomies": {taxonomy["id"]: taxonomy},
        "taxonomy_terms": {term["id"]: term},
        "service_at_locations": {},
    }


def current_alert():
    """The alert banners showing now, as the service's `alert` (important ones first), in
    words; and the moment that changes is when what is built from it stops being served."""
    # In English, the directory's language: the banners editors wrote, not their translations.
    banners = list(AlertBanner.objects.filter(locale__language_code=settings.LANGUAGE_CODE))
    now = timezone.now()
    upcoming = next_change(banners, now)
    if upcoming is not None:
        changes_at(None, upcoming)
    return " ".join(
        " ".join(part for part in (banner.heading, banner.text) if part)
        for banner in showing_at(banners, now)
    )


def _organization(team):
    return _without_blanks(
        {
            "id": stable_id("organization"),
            "name": team.council_name or team.team_name,
            "description": team.team_name if team.council_name else team.service_name,
        }
    )


def _taxonomy():
    return {"id": stable_id("taxonomy"), **TAXONOMY}


def _term():
    taxonomy_id = stable_id("taxonomy")
    return {
        "id": stable_id("taxonomy", "term", "parenting-support"),
        **TERM,
        "taxonomy": TAXONOMY["name"],
        "taxonomy_id": taxonomy_id,
        "term": TERM["name"],
    }


def _service(team, home, service_id, organization, term):
    description = (home.search_description or home.introduction) if home else ""
    return _without_blanks(
        {
            "id": service_id,
            "organization_id": organization["id"],
            "name": team.service_name,
            "description": description or team.service_name,
            "url": site_address() + "/",
            "email": team.email,
            "status": "active",
            "fees": home.glance_cost if home else "",
            "eligibility_description": home.glance_who if home else "",
            "minimum_age": MINIMUM_AGE,
            "maximum_age": MAXIMUM_AGE,
            "organization": organization,
            "contacts": [_contact(team, service_id)],
            "languages": [
                {
                    "id": stable_id("language", code),
                    "service_id": service_id,
                    "name": name,
                    "code": code,
                }
                for code, name in site_languages()
            ],
            "service_areas": _service_areas(team, service_id),
            "cost_options": [
                {
                    "id": stable_id("cost-option", "free"),
                    "service_id": service_id,
                    "option": home.glance_cost if home else "Free",
                    "amount": 0,
                }
            ],
            "attributes": [
                {
                    "id": stable_id("attribute", "parenting-support"),
                    "link_id": service_id,
                    "taxonomy_term_id": term["id"],
                    "link_type": "service",
                    "taxonomy_term": term,
                }
            ],
        }
    )


def _contact(team, service_id):
    contact_id = stable_id("contact")
    phones = []
    if team.phone:
        phones.append(
            _without_blanks(
                {
                    "id": stable_id("phone"),
                    "contact_id": contact_id,
                    "number": team.phone,
                    "type": "voice",
                    "description": team.opening_hours,
                }
            )
        )
    if team.phone and team.relay_uk:
        # The number as a Relay UK user dials it, shown on every page beside the phone number.
        phones.append(
            {
                "id": stable_id("phone", "relay-uk"),
                "contact_id": contact_id,
                "number": team.relay_uk_phone,
                "type": "textphone",
                "description": RELAY_UK,
            }
        )
    return _without_blanks(
        {
            "id": contact_id,
            "service_id": service_id,
            "name": team.team_name,
            "email": team.email,
            "phones": phones,
        }
    )


def _service_areas(team, service_id):
    if not team.area_served:
        return []
    return [
        {
            "id": stable_id("service-area"),
            "service_id": service_id,
            "name": team.area_served,
            "service_area": team.area_served,
        }
    ]


def _listed(service):
    """A service as the list endpoints give it: its one-to-one fields and its organisation."""
    return {key: value for key, value in service.items() if not isinstance(value, list)}
