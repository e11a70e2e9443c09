"""The addresses of home.directory, mounted before Wagtail's page tree in vig_site/urls.py."""

from django.urls import path, re_path

from . import search_engines, views

# Each list and record endpoint answers with or without a trailing slash (a directory is given
# the base address, /openreferral/, and adds the profile's paths to it).
urlpatterns = [
    path("openreferral/", views.api_details, name="openreferral"),
    *(
        re_path(
            rf"^openreferral/{kind}/?$",
            views.listing,
            {"kind": kind},
            name=f"openreferral_{kind}",
        )
        for kind in views.LISTS
    ),
    *(
        re_path(
            rf"^openreferral/{kind}/(?P<id>[^/]+)/?$",
            views.record,
            {"kind": kind},
            name=f"openreferral_{kind}_record",
        )
        for kind in views.RECORDS
    ),
    path("sitemap.xml", search_engines.sitemap, name="sitemap"),
    path("robots.txt", search_engines.robots, name="robots_txt"),
]
