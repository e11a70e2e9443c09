from django import template
from django.utils.translation import gettext
from wagtail.models import Page, Site

from home import snapshot
from home.languages import localized

register = template.Library()


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header with its menu, rendered once per content version for each address (the menu
    marks the page being shown) and reused for every anonymous visitor (home.snapshot)."""
    request = context.get("request")
    page = context.get("page")
    if page is None or request is None:
        # A page not found or an error: rendered each time (any address can be asked for, and
        # the menu still marks a menu page's own address as current).
        return _render(context, "components/site_header.html")
    address = (getattr(page, "url_path", None), request.path)
    return _rendered_once(context, "components/site_header.html", address)


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, the same on every page: rendered once per content version (and language,
    as everything home.snapshot remembers)."""
    return _rendered_once(context, "components/site_footer.html", ())


def _rendered_once(context, template_name, address):
    request = context.get("request")
    host = request.get_host() if request else None
    return snapshot.remember(
        request, (template_name, host, *address), lambda: _render(context, template_name)
    )


def _render(context, template_name):
    return context.template.engine.get_template(template_name).render(context)


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = snapshot.remember(
            context.get("request"),
            ("breadcrumbs", page.pk),
            lambda: list(page.get_ancestors().filter(depth__gt=1).live().only("url_path", "title")),
        )
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("components/primary_navigation.html", takes_context=True)
def primary_navigation(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    root = localized(site.root_page)  # the home page in the visitor's language
    current = context.get("page")
    current_path = getattr(current, "url_path", "") or ""
    children = root.get_children().live().in_menu().only("url_path", "title")
    items = [_item(root, request, current_path, section=False, title=gettext("Home"))]
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
