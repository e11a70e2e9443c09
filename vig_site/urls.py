from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.views import leave_quickly
from home.views import serve as serve_page
from referrals.outbox.receipt_views import delivery_receipt
from vig_site import media

handler400 = "vig_site.views.bad_request"
handler500 = "vig_site.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # GOV.UK Notify's delivery receipts for texts (a bearer token, not a signed-in user).
    path("notify/delivery-receipts/", delivery_receipt, name="notify_delivery_receipt"),
    # The Open Referral UK feed, sitemap.xml and robots.txt (before the page tree).
    path("", include("home.directory.urls")),
]

# Under /media/ the site answers image renditions only, never documents or original uploads, in
# every environment (vig_site.media).
_media = settings.MEDIA_URL.strip("/")
urlpatterns += [
    re_path(rf"^{_media}/{media.RENDITIONS}(?P<path>.+)$", media.rendition),
    re_path(rf"^{_media}/{media.DOCUMENTS}(?P<path>.+)$", media.document_file),
    re_path(rf"^{_media}/(?P<path>.*)$", media.nothing_else),
]

# What a family reads, in their language: English at the root, every other language under its
# prefix (/pl/..., /ar/...), so the language is part of the address (settings.LANGUAGES).
urlpatterns += i18n_patterns(
    path("leave/", leave_quickly, name="leave_quickly"),
    # Wagtail's own addresses (a private page's password and sign-in forms), then every other
    # path from the page tree, which must stay last: through our view in front of Wagtail's
    # (home.views.serve remembers routes), at Wagtail's own pattern and name.
    *(url for url in wagtail_urls.urlpatterns if url.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve"),
    prefix_default_language=False,
)
