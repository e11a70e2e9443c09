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
    items = [
        {"title": "Home", "url": root.get_url(request), "current": current_path == root.url_path}
    ]
    for child in children:
        items.append(
            {
                "title": child.title,
                "url": child.get_url(request),
                "current": current_path.startswith(child.url_path),
            }
        )
    return {"items": items if len(items) > 1 else []}
