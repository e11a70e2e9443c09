from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = page.get_ancestors().filter(depth__gt=1).live().only("url_path", "title")
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("components/primary_navigation.html", takes_context=True)
def primary_navigation(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    root = site.root_page
    current = context.get("page")
    current_path = getattr(current, "url_path", "") or ""
    children = root.get_children().live().in_menu().only("url_path", "title")
    items = [_item(root, request, current_path, section=False, title="Home")]
    items += [_item(child, request, current_path, section=True) for child in children]
    return {"items": items if len(items) > 1 else []}


def _item(page, request, current_path, *, section, title=None):
    """A menu link, with aria-current "page" when it is the address being shown, and "true"
    when the page shown is further down its section. A page's own sub-addresses (a form's
    confirmation, say) are neither: they are not the page the link names."""
    url = page.get_url(request)
    current = None
    if request is not None and request.path == url:
        current = "page"
    elif section and current_path != page.url_path and current_path.startswith(page.url_path):
        current = "true"
    return {"title": title or page.title, "url": url, "current": current}
