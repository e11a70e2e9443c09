"""Editors' images and documents in production: renditions are served, documents only through
Wagtail's document view (so a private collection stays private), original uploads never; on the
local disk and in S3-compatible object storage (moto's S3 server, over real HTTP).
"""

import hashlib
import io
import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.conftest import restore_migrated_state
from tests.html import soup
from vig_site.media_storage import media_storage

from .test_production_settings import PRODUCTION_ENV, manage

Image = get_image_model()
Rendition = Image.get_rendition_model()
Document = get_document_model()

PRIVATE_TEXT = b"Private minutes: not for the public"
PUBLIC_TEXT = b"Leaflet for families"
BUCKET = "vig-media"


def png_bytes(colour="teal", size=(320, 240)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, kind, title, name, content, collection):
    """Upload through the Wagtail admin, as an editor does."""
    response = client.post(
        f"/admin/{kind}/add/",
        {"title": title, "file": SimpleUploadedFile(name, content), "collection": collection.pk},
    )
    assert response.status_code == 302, response.content[:2000]


def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Team only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def editor_client(client, db):
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


@pytest.fixture
def uploads(editor_client):
    """An image and two documents, one of them in a collection only staff may see."""
    root = Collection.get_first_root_node()
    upload(editor_client, "images", "Parent and child", "parent-and-child.png", png_bytes(), root)
    upload(editor_client, "documents", "Leaflet", "leaflet.txt", PUBLIC_TEXT, root)
    upload(editor_client, "documents", "Minutes", "minutes.txt", PRIVATE_TEXT, private_collection())
    return {
        "image": Image.objects.get(title="Parent and child"),
        "public": Document.objects.get(title="Leaflet"),
        "private": Document.objects.get(title="Minutes"),
    }


def anonymous_get(client, url):
    """What an anonymous visitor ends up with at url, following redirects."""
    client.logout()
    return client.get(url, follow=True)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Local disk ---------------------------------------------------------------------------


@pytest.fixture
def local_disk(tmp_path):
    with override_settings(
        STORAGES={
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path), "base_url": "/media/"},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        MEDIA_ROOT=str(tmp_path),
    ):
        yield tmp_path


def test_an_editors_image_renditions_are_served_and_the_original_upload_is_not(
    local_disk, uploads, client
):
    rendition = uploads["image"].get_rendition("fill-200x100")
    assert rendition.url.startswith("/media/images/")

    response = anonymous_get(client, rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert PILImage.open(io.BytesIO(body(response))).size == (200, 100)

    original = uploads["image"].file
    assert (local_disk / original.name).exists()
    assert anonymous_get(client, f"/media/{original.name}").status_code == 404


def test_only_files_the_database_knows_as_renditions_are_served(local_disk, uploads, client):
    stray = local_disk / "images" / "not-a-rendition.png"
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(png_bytes())
    assert anonymous_get(client, "/media/images/not-a-rendition.png").status_code == 404
    name = uploads["image"].file.name.removeprefix("original_images/")
    assert anonymous_get(client, f"/media/images/../original_images/{name}").status_code == 404


def test_an_anonymous_visitor_cannot_fetch_a_private_document_by_any_url(
    local_disk, uploads, client
):
    private = uploads["private"]
    assert (local_disk / private.file.name).read_bytes() == PRIVATE_TEXT
    for url in (private.url, f"/media/{private.file.name}"):
        response = anonymous_get(client, url)
        assert PRIVATE_TEXT not in body(response), url
        # They are asked to sign in, and come back to the document afterwards.
        assert response.redirect_chain[-1][0].startswith("/_util/login/"), url


def test_a_public_document_still_downloads_and_its_old_file_address_leads_to_it(
    local_disk, uploads, client
):
    public = uploads["public"]
    assert public.url == f"/documents/{public.pk}/leaflet.txt"
    response = anonymous_get(client, public.url)
    assert response.status_code == 200
    assert body(response) == PUBLIC_TEXT
    response = anonymous_get(client, f"/media/{public.file.name}")
    assert response.redirect_chain == [(public.url, 302)]
    assert body(response) == PUBLIC_TEXT


def test_staff_who_may_see_a_private_collection_still_get_its_documents(
    local_disk, uploads, editor_client
):
    response = editor_client.get(uploads["private"].url)
    assert response.status_code == 200
    assert body(response) == PRIVATE_TEXT


# --- Production settings, one machine -------------------------------------------------------

PROBE = Path(__file__).with_name("media_probe.py")


def probe(paths, media_root):
    """GET each path under production settings, in a separate process (media_probe.py)."""
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": (
            "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
        ),
        "REDIS_URL": "redis://127.0.0.1:6379/10",
        "MEDIA_ROOT": str(media_root),
    }
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    result = manage("shell", "-c", PROBE.read_text(), env={**env, "PROBE_PATHS": "\n".join(paths)})
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (production)")
@pytest.mark.django_db(transaction=True)
def test_under_production_settings_renditions_are_served_and_documents_never_as_files(
    tmp_path, client
):
    restore_migrated_state()
    with override_settings(
        STORAGES={
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path), "base_url": "/media/"},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        editor = get_user_model().objects.create_user("probe-editor", is_superuser=True)
        client.force_login(editor)
        root = Collection.get_first_root_node()
        upload(client, "images", "Parent and child", "parent-and-child.png", png_bytes(), root)
        upload(client, "documents", "Leaflet", "leaflet.txt", PUBLIC_TEXT, root)
        upload(client, "documents", "Minutes", "minutes.txt", PRIVATE_TEXT, private_collection())
        image = Image.objects.get()
        rendition = image.get_rendition("width-100")
        private = Document.objects.get(title="Minutes")
        public = Document.objects.get(title="Leaflet")

    seen = probe(
        [
            rendition.url,
            f"/media/{image.file.name}",
            private.url,
            f"/media/{private.file.name}",
            public.url,
            f"/media/{public.file.name}",
        ],
        tmp_path,
    )
    rendition_seen, original, private_view, private_file, public_view, public_file = seen
    assert rendition_seen["status"] == 200
    on_disk = (tmp_path / rendition.file.name).read_bytes()
    assert rendition_seen["sha256"] == hashlib.sha256(on_disk).hexdigest()
    assert original["status"] == 404
    for answer in (private_view, private_file):
        assert answer["status"] == 302
        assert PRIVATE_TEXT.decode() not in answer["final_body"]
        assert answer["final_path"] == "/_util/login/"
    assert private_file["location"] == private.url
    assert public_view["status"] == 200
    assert public_view["final_body"] == PUBLIC_TEXT.decode()
    assert public_file["location"] == public.url
    assert public_file["final_body"] == PUBLIC_TEXT.decode()


# --- Several machines: S3-compatible object storage (moto's S3 server) -------------------------


@pytest.fixture(scope="module")
def s3_server():
    # Port 0: the system picks a free port, which get_host_and_port() reports.
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    """The site configured from the environment as an operator would set it, against a fresh
    bucket on the local S3 server."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "vig-test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "vig-test-secret")
    env = {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "eu-west-2",
    }
    bucket = boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-2")
    bucket.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    configured = media_storage(env)
    with override_settings(
        STORAGES={
            **configured["STORAGES"],
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WAGTAILIMAGES_RENDITION_STORAGE=configured["WAGTAILIMAGES_RENDITION_STORAGE"],
        MEDIA_IMG_SOURCES=configured["MEDIA_IMG_SOURCES"],
    ):
        # Wagtail binds the rendition field's storage when the model is defined (from
        # WAGTAILIMAGES_RENDITION_STORAGE); point it at the storage just configured.
        monkeypatch.setattr(Rendition._meta.get_field("file"), "storage", storages["renditions"])
        yield bucket
    for page in bucket.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            bucket.delete_object(Bucket=BUCKET, Key=item["Key"])
    bucket.delete_bucket(Bucket=BUCKET)


def fetch_without_credentials(url):
    """GET url as a browser would, with no credentials: (status, body)."""
    assert urlsplit(url).hostname == "127.0.0.1"  # the local S3 server, never the network
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def public_read(bucket, key):
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(
        grant["Grantee"].get("URI", "").endswith("/AllUsers") and grant["Permission"] == "READ"
        for grant in grants
    )


def test_with_object_storage_an_editors_image_lands_in_the_bucket_and_its_renditions_show(
    s3, s3_server, uploads, editor_client
):
    image = uploads["image"]
    assert s3.get_object(Bucket=BUCKET, Key=image.file.name)["Body"].read() == png_bytes()
    assert not public_read(s3, image.file.name)
    status, _ = fetch_without_credentials(f"{s3_server}/{BUCKET}/{image.file.name}")
    assert status == 403

    # The editor sees the thumbnail in the admin, loaded from the bucket and allowed by the CSP.
    response = editor_client.get("/admin/images/")
    # (The demo site's council logo is in the library too.)
    [thumbnail] = [
        img
        for img in soup(response).select("img.show-transparency")
        if image.title in img.find_parent(["li", "tr"]).get_text()
    ]
    assert thumbnail["src"].startswith(f"{s3_server}/{BUCKET}/images/")
    assert fetch_without_credentials(thumbnail["src"])[0] == 200
    assert f"img-src 'self' data: blob: {s3_server}" in response["Content-Security-Policy"]

    # A page shows a rendition: it is in the bucket, readable by anyone, and the image is right.
    rendition = image.get_rendition("fill-200x100")
    assert rendition.url == f"{s3_server}/{BUCKET}/{rendition.file.name}"
    assert rendition.file.name.startswith("images/")
    status, content = fetch_without_credentials(rendition.url)
    assert status == 200
    assert PILImage.open(io.BytesIO(content)).size == (200, 100)
    head = s3.head_object(Bucket=BUCKET, Key=rendition.file.name)
    assert head["CacheControl"] == "public, max-age=3600"
    assert public_read(s3, rendition.file.name)


def test_with_object_storage_a_private_document_cannot_be_fetched_by_any_url(
    s3, s3_server, uploads, client
):
    private = uploads["private"]
    key = private.file.name
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PRIVATE_TEXT
    assert not public_read(s3, key)

    for url in (private.url, f"/media/{key}"):
        response = anonymous_get(client, url)
        assert PRIVATE_TEXT not in body(response), url
        assert response.redirect_chain[-1][0].startswith("/_util/login/"), url
    status, content = fetch_without_credentials(f"{s3_server}/{BUCKET}/{key}")
    assert status == 403
    assert PRIVATE_TEXT not in content


def test_with_object_storage_a_public_document_downloads_through_the_site(s3, uploads, client):
    public = uploads["public"]
    assert not public_read(s3, public.file.name)
    response = anonymous_get(client, public.url)
    # Served by Wagtail's document view from the bucket, not a redirect to the bucket.
    assert response.redirect_chain == []
    assert response.status_code == 200
    assert body(response) == PUBLIC_TEXT


def test_two_uploads_with_one_file_name_never_replace_each_other(s3, editor_client):
    root = Collection.get_first_root_node()
    upload(editor_client, "documents", "First", "notes.txt", b"first", root)
    upload(editor_client, "documents", "Second", "notes.txt", b"second", root)
    first, second = (Document.objects.get(title=t) for t in ("First", "Second"))
    assert first.file.name != second.file.name
    assert s3.get_object(Bucket=BUCKET, Key=first.file.name)["Body"].read() == b"first"


# --- Production settings: what the environment chooses --------------------------------------

SHOW_MEDIA_SETTINGS = """
import json
from django.conf import settings
from vig_site.middleware import admin_policy
print(json.dumps({
    "default": settings.STORAGES["default"],
    "renditions": settings.STORAGES.get("renditions"),
    "rendition_storage": getattr(settings, "WAGTAILIMAGES_RENDITION_STORAGE", None),
    "serve": settings.WAGTAILDOCS_SERVE_METHOD,
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "admin_csp": admin_policy(),
}))
"""


def production_media_settings(**env):
    result = manage("shell", "-c", SHOW_MEDIA_SETTINGS, env={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_uploads_on_local_disk_unless_a_bucket_is_named():
    shown = production_media_settings()
    assert shown["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert shown["renditions"] is None
    assert shown["serve"] == "serve_view"


def test_production_uses_the_bucket_privately_with_public_renditions_allowed_by_the_csp():
    shown = production_media_settings(
        AWS_STORAGE_BUCKET_NAME="vig-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.example.gov.uk",
    )
    assert shown["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert shown["default"]["OPTIONS"]["default_acl"] is None
    assert shown["default"]["OPTIONS"]["querystring_auth"] is True
    assert shown["default"]["OPTIONS"]["file_overwrite"] is False
    assert shown["rendition_storage"] == "renditions"
    assert shown["renditions"]["OPTIONS"]["default_acl"] == "public-read"
    assert shown["renditions"]["OPTIONS"]["custom_domain"] == "media.example.gov.uk"
    assert shown["serve"] == "serve_view"
    for origin in ("https://media.example.gov.uk", "https://s3.example.net"):
        assert origin in shown["img_src"]
        assert origin in shown["admin_csp"]


def test_a_bucket_without_public_acls_can_leave_renditions_to_its_policy():
    configured = media_storage({"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_RENDITION_ACL": "none"})
    assert configured["STORAGES"]["renditions"]["OPTIONS"]["default_acl"] is None
