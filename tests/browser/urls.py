"""The site's URLs plus one view that fails, so the browser tests can see the 500 page.

Used only by the browser tests, through a `settings.ROOT_URLCONF` override.
"""

from django.urls import path

from vig_site import urls as site_urls

handler500 = site_urls.handler500


def raise_error(request):
    raise RuntimeError("Deliberate failure to show the server error page")


urlpatterns = [path("__raise__/", raise_error), *site_urls.urlpatterns]
