"""What a public page tells search engines about itself: its canonical address, and on the home
page the service as schema.org structured data (JSON-LD), built from the site settings."""

import json

from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Page

from home import snapshot
from home.models import SiteSettings

register = template.Library()

# The people the service is for, as search engines are told.
AUDIENCE = "Parents and carers of children aged 0 to 18"

# As Django's json_script: nothing in the data can end the script element or start markup.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """The page's full address (its site's scheme and host), remembered per content version."""
    if not isinstance(page, Page):
        return ""
    request = context.get("request")
    host = request.get_host() if request is not None else None
    return snapshot.remember(
        request, ("canonical", host, page.pk), lambda: page.get_full_url(request) or ""
    )


@register.simple_tag(takes_context=True)
def service_structured_data(context, page):
    """A schema.org GovernmentService block (JSON-LD, a data block that scripts do not run, so
    the Content Security Policy has nothing to allow), from the site settings."""
    request = context.get("request")
    team = SiteSettings.load(request_or_site=request)
    data = government_service(team, url=canonical_url(context, page), page=page)
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped


def government_service(team, *, url, page=None):
    """The service as schema.org describes a government service."""
    phone = team.phone_href.removeprefix("tel:")
    team_contact = {"@type": "GovernmentOrganization", "name": team.team_name, "telephone": phone}
    if team.email:
        team_contact["email"] = team.email
    if team.council_name:
        provider = {
            "@type": "GovernmentOrganization",
            "name": team.council_name,
            "department": team_contact,
        }
    else:
        provider = team_contact
    contact = {"@type": "ContactPoint", "contactType": "enquiries", "telephone": phone}
    if team.email:
        contact["email"] = team.email
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": team.service_name,
        "url": url,
        "provider": provider,
        "audience": {"@type": "PeopleAudience", "audienceType": AUDIENCE},
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceUrl": url,
            "servicePhone": contact,
            "availableLanguage": "en-GB",
        },
    }
    description = page and (page.search_description or getattr(page, "introduction", ""))
    if description:
        data["description"] = description
    if team.area_served:
        data["areaServed"] = {"@type": "AdministrativeArea", "name": team.area_served}
    return data
