"""The site's URLs plus /floor/, a constant view: the cost of the stack with no page at all."""

from django.http import HttpResponse
from django.urls import path

from vig_site import urls as site_urls


def floor(request):
    return HttpResponse("ok")


handler500 = getattr(site_urls, "handler500", None)
urlpatterns = [path("floor/", floor), *site_urls.urlpatterns]
