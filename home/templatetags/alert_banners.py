"""The alert banners on every public page (templates/base.html).

Which banners exist is read once per content version and process (home.snapshot); which of them
show is worked out on every rendering from the time now, and the page cache is told when that
next changes (home.cache.changes_at), so no stored page outlives a banner's start or end.
"""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from home import languages, snapshot
from home.cache import changes_at
from home.models.alerts import AlertBanner, in_language, next_change, showing_at

register = template.Library()


@register.inclusion_tag("components/alert_banners.html", takes_context=True)
def alert_banners(context):
    request = context.get("request")
    banners = snapshot.remember(
        request, ("alert banners",), lambda: list(AlertBanner.objects.all())
    )
    wanted = languages.locale_id(get_language())
    english, words_of = in_language(banners, languages.locale_id(settings.LANGUAGE_CODE), wanted)
    now = timezone.now()
    changes = next_change(english, now)
    if changes is not None:
        changes_at(request, changes)
    shown = []
    for banner in showing_at(english, now):
        words = words_of(banner)
        # A banner not yet translated says so to screen readers: its words are English.
        lang = "" if words.locale_id == wanted else languages.html_lang(settings.LANGUAGE_CODE)
        shown.append({"banner": words, "kind": banner.kind, "lang": lang})
    return {"banners": shown}
