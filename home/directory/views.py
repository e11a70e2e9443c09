"""The Open Referral UK API under /openreferral/: read-only (GET and HEAD), open to every
origin (CORS `*`, and a browser's preflight OPTIONS is answered), no cookies, answered from the
shared cache for the current content version (shared.py), in JSON even when it says no."""

import functools
import json

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from . import openreferral
from .paging import BadPaging, page_of
from .shared import mark, remembered

METHODS = ("GET", "HEAD")
# What a browser's CORS preflight (OPTIONS) is told: any origin may read with these methods and
# request headers, and may keep that answer for a day.
PREFLIGHT = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
}

# Each list endpoint: the catalogue's entry it lists (openreferral.catalogue).
LISTS = {
    "services": "service_list",
    "organizations": "organization_list",
    "taxonomies": "taxonomies",
    "taxonomy_terms": "taxonomy_terms",
    "service_at_locations": "service_at_locations",
}
# Each endpoint that gives one record by its id.
RECORDS = ("services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations")

NOT_FOUND = {
    "services": "There is no service with this id.",
    "organizations": "There is no organization with this id.",
    "taxonomies": "There is no taxonomy with this id.",
    "taxonomy_terms": "There is no taxonomy term with this id.",
    "service_at_locations": "There is no service at location with this id.",
}


def json_response(document, status=200):
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type="application/json", status=status
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def problem(status, message):
    return json_response({"status": status, "message": message}, status)


def api(view):
    """GET and HEAD (OPTIONS answers a CORS preflight; 405, in JSON, otherwise); the view gets
    the catalogue."""

    @csrf_exempt  # nothing is ever written: any other method is refused below, in JSON
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for header, value in PREFLIGHT.items():
                response[header] = value
            response["Allow"] = ", ".join((*METHODS, "OPTIONS"))
            return response
        if request.method not in METHODS:
            response = problem(405, "This API is read-only: use GET.")
            response["Allow"] = ", ".join((*METHODS, "OPTIONS"))
            return response
        catalogue, from_cache = remembered(request, "openreferral", openreferral.catalogue)
        return mark(view(request, catalogue, *args, **kwargs), from_cache)

    return wrapped


@api
def api_details(request, catalogue):
    return json_response(catalogue[""])


@api
def listing(request, catalogue, kind):
    try:
        page = page_of(list(catalogue[LISTS[kind]].values()), request.GET)
    except BadPaging as error:
        return problem(400, str(error))
    return json_response(page)


@api
def record(request, catalogue, kind, id):
    found = catalogue[kind].get(id.lower())
    if found is None:
        return problem(404, NOT_FOUND[kind])
    return json_response(found)
