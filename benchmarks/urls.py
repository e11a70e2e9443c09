"""The site's URLs plus a constant view to compare against."""

from django.http import HttpResponse
from django.urls import include, path


def constant(request):
    return HttpResponse("<!DOCTYPE html><title>constant</title><p>constant</p>")


urlpatterns = [path("__constant__/", constant), path("", include("vig_site.urls"))]
