"""sitemap.xml and robots.txt: what search engines may list, and where they must not go.

The sitemap is Wagtail's (wagtail.contrib.sitemaps): every live page of the site that nobody
restricted (Wagtail leaves out a private page and everything under it), with its last publish
date, except the page types that ask questions (indexing.KeptOutOfSearchEngines): the enquiry
form and the referral's question, check and confirmation pages are never listed; the referral's
start page (no form: its steps and the current wait) is. Addresses
are the site's public address (SITE_BASE_URL), as in emails and the directory feed, whatever
hostname the Wagtail Site record has.

Translations (issue 22): Django's sitemap template already writes each URL's `alternates` as
`<xhtml:link rel="alternate" hreflang=...>`. When pages have language versions, a page's
`get_sitemap_urls()` adds `"alternates": [{"lang_code": ..., "location": ...}]` (one per
translation, itself included) and PublicPages below moves them to the public address too.

robots.txt keeps crawlers out of the admin (wherever vig_site.admin_path says it is), "Leave
this site quickly" and each question page's address (found in the page tree), and gives the
sitemap's absolute address. A form whose start page is listed gets `Allow: <path>$` before its
`Disallow: <path>`: `$` ends the pattern (RFC 9309, as Google reads it), and the longer, more
specific rule wins, so only the start page's exact address is allowed; a crawler that reads the
rules in order meets the Allow first, and one that does not know `$` never matches it and keeps
out (the safe side). Both are kept in the shared cache for the content version
(shared.py): a publish shows at once, and a request from the cache costs no query.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from vig_site.admin_path import admin_prefix

from ..languages import html_lang
from .indexing import kept_out_page_models
from .openreferral import site_address
from .shared import mark, remembered


def public_url(location):
    """`location` (an absolute URL from the page tree) at the site's public address."""
    parts = urlsplit(location)
    return site_address() + parts.path + (f"?{parts.query}" if parts.query else "")


def language_trees(site):
    """The site's home page in every language (English's and its translations)."""
    return list(site.root_page.get_translations(inclusive=True))


def in_trees(roots):
    pages = Q()
    for root in roots:
        pages |= Q(path__startswith=root.path)
    return pages


class PublicPages(Sitemap):
    """Wagtail's sitemap of the site's live public pages, in every language, at the site's
    public address. A page not yet translated (an alias of the English page) is left out: its
    words are the English page's, which is listed."""

    def items(self):
        roots = language_trees(self.get_wagtail_site())
        return (
            Page.objects.filter(in_trees(roots), alias_of__isnull=True)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        self.add_alternates(urls)
        for url in urls:
            url["location"] = public_url(url["location"])
            for alternate in url.get("alternates") or ():
                alternate["location"] = public_url(alternate["location"])
        return urls

    def add_alternates(self, urls):
        """Each page's versions in the other languages, as hreflang alternates (itself
        included, as search engines ask)."""
        versions = {}  # translation key -> [(language, address)]
        key_of = {}  # address -> translation key
        for item in Page.objects.filter(pk__in=self.items().values("pk")).select_related("locale"):
            location = item.get_full_url(self.request)
            if location:
                key_of[location] = item.translation_key
                code = html_lang(item.locale.language_code)
                versions.setdefault(item.translation_key, []).append((code, location))
        for url in urls:
            found = versions.get(key_of.get(url["location"]), [])
            if len(found) > 1:
                url["alternates"] = [
                    {"lang_code": code, "location": location} for code, location in found
                ]


def _build_sitemap(request):
    pages = PublicPages(request)
    urls = pages.get_urls(site=RequestSite(request), protocol=request.scheme)
    content = render_to_string("sitemap.xml", {"urlset": urls})
    latest = getattr(pages, "latest_lastmod", None)
    return content.encode(), (http_date(latest.timestamp()) if latest else None)


@require_safe
def sitemap(request):
    (content, last_modified), from_cache = remembered(
        request, "sitemap.xml", lambda: _build_sitemap(request)
    )
    response = HttpResponse(content, content_type="application/xml")
    if last_modified:
        response["Last-Modified"] = last_modified
    # The sitemap is for crawlers to read, not a page to show in results (as Django's own).
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return mark(response, from_cache)


def question_page_paths(request):
    """[(path, whether its start page is listed)] of the site's live, public pages that ask
    questions."""
    models = kept_out_page_models()
    site = Site.find_for_request(request)
    if not models or site is None:
        return []
    # In every language's tree: a Polish question page is kept out as the English one is.
    pages = Page.objects.live().public().type(*models).filter(in_trees(language_trees(site)))
    paths = {}
    for page in pages.specific():
        parts = page.get_url_parts(request)
        if parts is not None:
            paths[parts[2]] = page.start_page_listed
    return sorted(paths.items())


def _build_robots(request):
    leave = []
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            leave.append(reverse("leave_quickly"))  # /leave/, /pl/leave/, ...
    rules = [f"Disallow: {path}" for path in (admin_prefix(), *leave)]
    for path, start_page_listed in question_page_paths(request):
        if start_page_listed:
            rules.append(f"Allow: {path}$")
        rules.append(f"Disallow: {path}")
    lines = [
        "User-agent: *",
        *rules,
        "",
        f"Sitemap: {site_address()}{reverse('sitemap')}",
    ]
    return ("\n".join(lines) + "\n").encode()


@require_safe
def robots(request):
    # Keyed by where the admin is too: a deployment that moves it needs no publish to show.
    name = f"robots.txt:{admin_prefix()}"
    content, from_cache = remembered(request, name, lambda: _build_robots(request))
    return mark(HttpResponse(content, content_type="text/plain; charset=utf-8"), from_cache)
