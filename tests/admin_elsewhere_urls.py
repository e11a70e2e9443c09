"""The site's URLs with the Wagtail admin mounted at /staff/ instead of /admin/ (for
tests/security/test_admin_elsewhere.py)."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from vig_site import urls

urlpatterns = [
    path("staff/", include(wagtailadmin_urls)),
    *(pattern for pattern in urls.urlpatterns if str(pattern.pattern) != "admin/"),
]
handler400 = urls.handler400
handler500 = urls.handler500
