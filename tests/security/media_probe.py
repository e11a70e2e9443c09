"""Run by tests/security/test_media.py as `manage.py shell -c` under production settings: GET
each path in PROBE_PATHS as an anonymous visitor and print what came back, as JSON.

Only the static files' storage differs from production: the 404 page links its stylesheet
through the manifest that `collectstatic` writes, and the test does not run collectstatic.
"""

import hashlib
import json
import os

from django.conf import settings
from django.test import Client, override_settings

PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def visit(path):
    client = Client(HTTP_HOST="vig.example.gov.uk")
    first = client.get(path, secure=True)
    final = client.get(path, secure=True, follow=True)
    return {
        "status": first.status_code,
        "location": first.get("Location", ""),
        "sha256": hashlib.sha256(content(first)).hexdigest(),
        "final_path": final.request["PATH_INFO"],
        "final_body": content(final).decode("utf-8", "replace"),
    }


with override_settings(STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC}):
    print(json.dumps([visit(path) for path in os.environ["PROBE_PATHS"].splitlines()]))
