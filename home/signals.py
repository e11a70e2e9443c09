"""Keep the public page cache honest: any change to published content or settings empties it
(and what each process remembers of it, home.snapshot)."""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_content_version
from .models import AlertBanner, PublicWait, SiteSettings, SiteWording


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"vig-cache-{id(signal)}")
    post_save.connect(bump_content_version, sender=SiteSettings, dispatch_uid="vig-cache-settings")
    # The current wait, worked out daily (home.models.wait), is on the home page and others.
    post_save.connect(bump_content_version, sender=PublicWait, dispatch_uid="vig-cache-wait")
    post_delete.connect(
        bump_content_version, sender="wagtailcore.Page", dispatch_uid="vig-cache-page-delete"
    )
    # An alert banner saved or deleted shows (or goes) at once; its start and end are kept by
    # the cache itself (home.cache.changes_at).
    # The same for the site's wording in another language (home.models.wording), and for a
    # Locale added or removed (a new language's tree, its switcher link).
    for signal in (post_save, post_delete):
        for sender in (AlertBanner, SiteWording, "wagtailcore.Locale"):
            signal.connect(
                bump_content_version,
                sender=sender,
                dispatch_uid=f"vig-cache-{getattr(sender, '__name__', sender)}-{id(signal)}",
            )
    # An image replaced or deleted (the council's logo in every footer, a picture in a page)
    # must not leave pages pointing at its old file.
    image_model = get_image_model()
    for signal in (post_save, post_delete):
        signal.connect(
            _image_changed, sender=image_model, dispatch_uid=f"vig-cache-image-{id(signal)}"
        )
    # A page made private must stop being served from the cache at once, and a site's new
    # hostname or home page must route at once (home.snapshot remembers routes).
    for signal in (post_save, post_delete):
        for sender in ("wagtailcore.PageViewRestriction", "wagtailcore.Site"):
            signal.connect(
                bump_content_version,
                sender=sender,
                dispatch_uid=f"vig-cache-{sender}-{id(signal)}",
            )


# Wagtail saves an image's size or hash on their own as it works them out; only a change that
# can move or remove its file matters to a page.
_IMAGE_BOOKKEEPING = {"file_size", "file_hash"}


def _image_changed(update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= _IMAGE_BOOKKEEPING:
        return
    bump_content_version()
