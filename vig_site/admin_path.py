"""Where the Wagtail admin is mounted, from Wagtail's own URL (not a literal "/admin/"), so moving
the admin in vig_site/urls.py moves every rule that depends on it: the admin's security headers
and policy, the second-factor gate, the page cache's exclusions and the sign-in throttle."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse


@functools.cache
def admin_prefix():
    """'/admin/' as the URLconf has it (the admin dashboard's address)."""
    return reverse("wagtailadmin_home")


def is_admin(request):
    return request.path.startswith(admin_prefix())


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        admin_prefix.cache_clear()
