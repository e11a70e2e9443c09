"""What the site itself answers under /media/, in every environment.

Only image renditions (the resized copies pages show, under images/) are served, and only those
the database knows as renditions. Documents are never served as files: a document's old file
address sends the visitor to Wagtail's document view, which checks a private collection's
restriction first. Original uploads (original_images/) and anything else are not found.

On one machine a proxy may serve renditions straight from MEDIA_ROOT instead (README,
"Media"); with object storage, renditions are read from the bucket and nothing reaches here.
"""

import mimetypes
import posixpath

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from vig_site.media_storage import RENDITION_CACHE_CONTROL

RENDITIONS = "images/"
DOCUMENTS = "documents/"


def _clean(path, folder):
    name = posixpath.normpath(folder + path)
    if not name.startswith(folder) or "\\" in name or "\x00" in name:
        raise Http404
    return name


@require_safe
def rendition(request, path):
    name = _clean(path, RENDITIONS)
    found = get_image_model().get_rendition_model().objects.filter(file=name).first()
    if found is None:
        raise Http404
    try:
        file = found.file.storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse(file, content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = RENDITION_CACHE_CONTROL
    # Nothing in an image may run as a page of this site.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
def document_file(request, path):
    name = _clean(path, DOCUMENTS)
    document = get_document_model().objects.filter(file=name).first()
    if document is None:
        raise Http404
    return redirect(document.url)


def nothing_else(request, path):
    """Original uploads and anything else under /media/: never served by the site."""
    raise Http404
