"""Keep the public page cache honest: any change to published content or settings empties it
(and what each process remembers of it, home.snapshot)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_content_version
from .models import SiteSettings


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_content_version, dispatch_uid=f"vig-cache-{id(signal)}")
    post_save.connect(bump_content_version, sender=SiteSettings, dispatch_uid="vig-cache-settings")
    post_delete.connect(
        bump_content_version, sender="wagtailcore.Page", dispatch_uid="vig-cache-page-delete"
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
