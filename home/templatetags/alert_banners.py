"""The alert banners on every public page (templates/base.html).

Which banners exist is read once per content version and process (home.snapshot); which of them
show is worked out on every rendering from the time now, and the page cache is told when that
next changes (home.cache.changes_at), so no stored page outlives a banner's start or end.
"""

from django import template
from django.utils import timezone

from home import snapshot
from home.cache import changes_at
from home.models.alerts import AlertBanner, next_change, showing_at

register = template.Library()


@register.inclusion_tag("components/alert_banners.html", takes_context=True)
def alert_banners(context):
    request = context.get("request")
    banners = snapshot.remember(
        request, ("alert banners",), lambda: list(AlertBanner.objects.all())
    )
    now = timezone.now()
    changes = next_change(banners, now)
    if changes is not None:
        changes_at(request, changes)
    return {"banners": showing_at(banners, now)}
