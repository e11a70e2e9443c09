"""Where editors' uploads live: the local disk on one machine, S3-compatible object storage on
several (django-storages), chosen by the environment. Read by the settings; see "Media" in
README.md.

What is private stays private in the bucket too. Documents and original images are stored with
no public access; documents only ever reach a visitor through Wagtail's document view, which
checks a private collection's restriction first (``WAGTAILDOCS_SERVE_METHOD``). Image renditions,
the resized copies that public pages show, are the only objects anyone may read without
credentials.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

FILE_SYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"

# Renditions are regenerated under the same name when an editor changes an image's focal point
# or file, so browsers and proxies keep them for an hour, not for ever.
RENDITION_CACHE_CONTROL = "public, max-age=3600"


def media_storage(environ):
    """The storage part of the settings for this environment, as a dict:

    ``STORAGES`` (the ``default`` storage, and ``renditions`` with object storage),
    ``WAGTAILIMAGES_RENDITION_STORAGE`` (``None`` for the default storage) and
    ``MEDIA_IMG_SOURCES`` (origins the Content-Security-Policy must allow for images).
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {
            "STORAGES": {"default": {"BACKEND": FILE_SYSTEM}},
            "WAGTAILIMAGES_RENDITION_STORAGE": None,
            "MEDIA_IMG_SOURCES": [],
        }

    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip().rstrip("/")
    region = environ.get("AWS_S3_REGION_NAME", "").strip()
    custom_domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip().strip("/")
    rendition_acl = environ.get("AWS_S3_RENDITION_ACL", "public-read").strip()
    if endpoint and not urlsplit(endpoint).netloc:
        raise ImproperlyConfigured(
            f"AWS_S3_ENDPOINT_URL must be a full address such as https://s3.example.com, "
            f"not {endpoint!r}"
        )

    private = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": region or None,
        # Other providers' endpoints answer at one address for every bucket
        # (https://host/bucket/key), which is also the one origin the CSP has to allow.
        "addressing_style": "path" if endpoint else "virtual",
        "signature_version": "s3v4",
        # Two uploads with the same file name never replace each other.
        "file_overwrite": False,
        # No ACL: the object is as private as the bucket (never public-read). Staff see an
        # original image through a signed address that expires.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 600,
    }
    renditions = {
        **private,
        "default_acl": None if rendition_acl.lower() == "none" else rendition_acl,
        "querystring_auth": False,
        "custom_domain": custom_domain or None,
        "object_parameters": {"CacheControl": RENDITION_CACHE_CONTROL},
    }

    # Pages show renditions (from the custom domain when there is one); the admin also shows
    # staff an original image through a signed address on the bucket itself.
    if endpoint:
        parts = urlsplit(endpoint)
        img_sources = [f"{parts.scheme}://{parts.netloc}"]
    else:
        img_sources = [f"https://{bucket}.s3.amazonaws.com"]
        if region:
            img_sources.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    if custom_domain:
        img_sources.insert(0, f"https://{custom_domain}")
    return {
        "STORAGES": {
            "default": {"BACKEND": S3, "OPTIONS": private},
            "renditions": {"BACKEND": S3, "OPTIONS": renditions},
        },
        "WAGTAILIMAGES_RENDITION_STORAGE": "renditions",
        "MEDIA_IMG_SOURCES": img_sources,
    }
