"""Queries per request, counted in-process with Django's test client, for either site.

Run as a script by benchmarks/run.py with the site's own Python and settings (the stock site has
its own virtualenv), so it imports nothing but Django. Prints one JSON object: label -> queries.

    python count_queries.py '{"host": "127.0.0.1:8000", "secure": true,
                              "pages": {"floor": "/floor/"},
                              "form": {"path": "/refer/", "fields": {...}}}'
"""

import json
import os
import sys

sys.path.insert(0, os.getcwd())

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(spec):
    options = {"secure": spec["secure"], "headers": {"host": spec["host"]}}
    counts = {}

    def counter(client):
        def count(label, method, path, data=None):
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, method)(path, data, **options)
            counts[label] = len(queries)
            return response

        return count

    # A first visitor opens each page and sends the form uncounted: that fills the page cache
    # (where there is one) and what a process keeps per content version (home.snapshot), as
    # for every visitor after the first.
    for path in spec["pages"].values():
        Client().get(path, **options)
    send_form(spec["form"], counter(Client()))
    counts.clear()
    for label, path in spec["pages"].items():
        response = counter(Client())(label, "get", path)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {path} answered {response.status_code}")
    send_form(spec["form"], counter(Client()))
    print(json.dumps(counts))


def send_form(form, count):
    count("form GET", "get", form["path"])
    response = count("form POST", "post", form["path"], form["fields"])
    # A form asked over several pages (a start page, question pages, "Check your answers")
    # redirects from page to page: each is opened and posted every field (each page reads its
    # own) until one redirects to the confirmation.
    for page in range(1, 13):
        if response.status_code not in (302, 303):
            break
        location = response["Location"]
        if location.rstrip("/").endswith("confirmation"):
            count("confirmation GET", "get", location)
            break
        count(f"form page {page} GET", "get", location)
        response = count(f"form page {page} POST", "post", location, form["fields"])
    if response.status_code not in (200, 302, 303):
        raise SystemExit(f"form POST answered {response.status_code}")


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
