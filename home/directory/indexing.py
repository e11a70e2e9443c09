"""Which pages search engines are kept away from.

A page type that asks the visitor questions (the referral and enquiry forms, in `referrals`)
inherits `KeptOutOfSearchEngines`: it is left out of sitemap.xml, robots.txt asks crawlers to
keep out of its address and everything under it (its question pages, check page and
confirmation), and each of those pages says `noindex` (home.templatetags.page_meta.robots_meta).

A page type whose own address is a public start page that holds no form (the referral's: its
steps and the current wait) sets `start_page_listed`: that one address is listed in the sitemap
and allowed in robots.txt (`Allow: <path>$`), while everything under it stays out.

The website app learns which page types these are from this mixin alone, so it needs to know
nothing of the apps that define them.
"""

from wagtail.models import get_page_models


class KeptOutOfSearchEngines:
    """For a page model: never listed in the sitemap, and disallowed in robots.txt (but for its
    own address when `start_page_listed`)."""

    kept_out_of_search_engines = True
    start_page_listed = False

    def get_sitemap_urls(self, request=None):
        if self.start_page_listed:
            return super().get_sitemap_urls(request)
        return []


def kept_out_page_models():
    return [model for model in get_page_models() if issubclass(model, KeptOutOfSearchEngines)]
