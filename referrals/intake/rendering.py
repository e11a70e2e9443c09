"""Rendering a form page's templates: the one-page form, a question or check page, with the
GOV.UK error summary; never cached by a browser or proxy (they hold a visitor's answers or
their CSRF token)."""

from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from home.cache import form_key

# Label and input width class of the day, month and year inputs.
DATE_PARTS = [(_("Day"), 2), (_("Month"), 2), (_("Year"), 4)]


def render_form(page, request, form, *, rate_limited=False, status=200, extra_context=None):
    """The one-page form (an enquiry), as the page's own form template shows it."""
    response = page.render(
        request,
        template=page.form_template,
        context_overrides={
            "form": form,
            "date_parts": DATE_PARTS,
            "rate_limited": rate_limited,
            "error_list": [] if rate_limited else error_links(form),
            "has_errors": bool(form.is_bound and not rate_limited and form.errors),
            "form_key": form_key(request),
            **(extra_context or {}),
        },
    )
    response.status_code = status
    add_never_cache_headers(response)
    return response


def render_page(page, request, template, *, status=200, **context):
    """One of a referral's own pages (a question page, the check page, start again)."""
    form = context.get("form")
    if "error_list" not in context:
        context["error_list"] = (
            error_links(form) if form is not None and form.is_bound and form.errors else []
        )
        context["has_errors"] = bool(context["error_list"])
    response = page.render(
        request, template=template, context_overrides={"date_parts": DATE_PARTS, **context}
    )
    response.status_code = status
    add_never_cache_headers(response)
    return response


def error_links(form, *, where=None):
    """(href, message) for the error summary, in page order. `where` maps a field's name to
    the address of another page where it is answered (the check page links to the question
    pages); otherwise a link goes to the field on this page."""
    if not (form.is_bound and form.errors):
        return []
    where = where or {}
    return [
        (f"{where.get(name, '')}#{anchor}" if anchor else "", message)
        for name, anchor, message in form.visible_errors()
    ]
