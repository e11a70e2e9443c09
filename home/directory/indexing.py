"""Which pages search engines are kept away from.

A page type that asks the visitor questions (the referral and enquiry forms, in `referrals`)
inherits `KeptOutOfSearchEngines`: it is left out of sitemap.xml, and robots.txt asks crawlers
to keep out of its address and everything under it (its question pages, check page and
confirmation). The website app learns which page types these are from this mixin alone, so it
needs to know nothing of the apps that define them.
"""

from wagtail.models import get_page_models


class KeptOutOfSearchEngines:
    """For a page model: never listed in the sitemap, and disallowed in robots.txt."""

    kept_out_of_search_engines = True

    def get_sitemap_urls(self, request=None):
        return []


def kept_out_page_models():
    return [model for model in get_page_models() if issubclass(model, KeptOutOfSearchEngines)]
