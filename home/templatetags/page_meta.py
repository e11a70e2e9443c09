"""What a public page tells search engines about itself: its canonical address (at the site's
public address, SITE_BASE_URL, as the sitemap, robots.txt and the directory feed give it, whatever
hostname the Wagtail Site record has), whether it may be indexed, and on the home page the service
as schema.org structured data (JSON-LD), built from the site settings and the home page's "at a
glance" facts."""

import json
import re

from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Page

from home import snapshot
from home.directory.openreferral import site_address, site_languages
from home.models import SiteSettings

register = template.Library()

# A UK postcode, as the last line of the team's address usually is ("AT1 1AA").
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)

# As Django's json_script: nothing in the data can end the script element or start markup.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def canonical_url(context, page):
    """The page's full address at the site's public address, remembered per content version."""
    path = page_path(context.get("request"), page)
    return site_address() + path if path is not None else ""


def page_path(request, page):
    """The page's path on this request's site (None if it is not routable there), remembered
    per content version."""
    if not isinstance(page, Page):
        return None
    host = request.get_host() if request is not None else None

    def build():
        parts = page.get_url_parts(request)
        return parts[2] if parts is not None else None

    return snapshot.remember(request, ("page-path", host, page.pk), build)


@register.simple_tag(takes_context=True)
def robots_meta(context, page):
    """`noindex` for a page of a form (its question pages, check page and confirmation, or a
    one-page form itself), which robots.txt disallows too: a disallowed address that is linked
    to can still be indexed, unread. Nothing for a form's public start page (a page model with
    `start_page_listed`, home.directory.indexing), which the sitemap lists."""
    request = context.get("request")
    if getattr(page, "start_page_listed", False) and request is not None:
        if request.path == page_path(request, page):
            return ""
    return mark_safe('<meta name="robots" content="noindex">')


@register.simple_tag(takes_context=True)
def service_structured_data(context, page):
    """A schema.org GovernmentService block (JSON-LD, a data block that scripts do not run, so
    the Content Security Policy has nothing to allow), from the site settings."""
    request = context.get("request")
    team = SiteSettings.load(request_or_site=request)
    data = government_service(team, url=canonical_url(context, page), page=page)
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped


def postal_address(text):
    """The team's postal address (one part per line) as a schema.org PostalAddress: a last line
    that is a UK postcode is its postalCode and the line before it its town; the other lines
    are its street address. None when there is no address."""
    lines = [line.strip().rstrip(",") for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    address = {"@type": "PostalAddress"}
    if _POSTCODE.match(lines[-1]):
        address["postalCode"] = lines.pop().upper()
        if len(lines) > 1:
            address["addressLocality"] = lines.pop()
    if lines:
        address["streetAddress"] = ", ".join(lines)
    address["addressCountry"] = "GB"
    return address


def government_service(team, *, url, page=None):
    """The service as schema.org describes a government service."""
    phone = team.phone_href.removeprefix("tel:")
    team_contact = {"@type": "GovernmentOrganization", "name": team.team_name, "telephone": phone}
    if team.email:
        team_contact["email"] = team.email
    address = postal_address(team.address)
    if address:
        team_contact["address"] = address
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
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceUrl": url,
            "servicePhone": contact,
            # The languages the site is offered in, as the directory feed gives them.
            "availableLanguage": [
                {"@type": "Language", "name": name, "alternateName": code}
                for code, name in site_languages()
            ],
        },
    }
    # Who the service is for, in the home page's words ("at a glance").
    audience = getattr(page, "glance_who", "")
    if audience:
        data["audience"] = {"@type": "PeopleAudience", "audienceType": audience}
    description = page and (page.search_description or getattr(page, "introduction", ""))
    if description:
        data["description"] = description
    if team.area_served:
        data["areaServed"] = {"@type": "AdministrativeArea", "name": team.area_served}
    return data
