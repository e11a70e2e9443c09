"""The language switcher, the page's lang and dir, and the note on a page not yet translated
(home.languages)."""

from django import template
from django.utils.translation import get_language

from home import languages

register = template.Library()


@register.simple_tag
def html_lang(code=None):
    return languages.html_lang(code or get_language())


@register.filter
def localized(page):
    """{% pageurl team.privacy_page|localized %}: a link to a page, in the visitor's language."""
    return languages.localized(page)


@register.simple_tag
def text_direction():
    return languages.direction()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    if request is None:
        return {"links": []}
    links = [
        {
            "code": code,
            "lang": languages.html_lang(code),
            "name": name,
            "url": url,
            "current": current,
            "dir": "rtl" if languages.is_right_to_left(code) else "ltr",
        }
        for code, name, url, current in languages.alternates(request, context.get("page"))
    ]
    return {"links": links}


@register.simple_tag
def page_content_language(page):
    """The language the page's own words are in, as HTML writes it, when it is not the
    visitor's ("" when it is): the page is shown with a note until it is translated."""
    if page is None or not getattr(page, "pk", None):
        return ""
    code = languages.content_language(page)
    return "" if code == get_language() else languages.html_lang(code)
