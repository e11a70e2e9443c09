"""Wagtail's chooser widgets without their inline script.

Every chooser (page, image, document, snippet, task) renders its HTML and then
`<script>new PageChooser("id_…", {…});</script>`, which the admin's Content Security Policy
refuses. Here the same call travels as data (a hidden span read by static/js/admin_init.js),
built from the widget's own public methods (get_value_data, render_html, js_constructor,
get_js_init_options). A chooser whose script we cannot describe as data keeps Wagtail's inline
script, and tests/browser/test_admin_without_inline_scripts.py fails on the screen that shows
it; tests/home/test_admin_scripts.py fails if Wagtail's render changes shape.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

# The chooser classes Wagtail defines on `window`, which admin_init.js may construct.
CONSTRUCTORS = {"Chooser", "PageChooser", "ImageChooser", "DocumentChooser", "SnippetChooser"}


def starter(widget, id_, name, value_data):
    """The hidden span that makes the widget's init call, or None if it cannot be described."""
    if isinstance(widget, AdminTaskChooser):
        init, constructor, options = "createTaskChooser", "", {}
    elif (
        type(widget).render_js_init is BaseChooser.render_js_init
        and widget.js_constructor in CONSTRUCTORS
    ):
        init, constructor = "chooser", widget.js_constructor
        options = widget.get_js_init_options(id_, name, value_data)
    else:
        return None
    return format_html(
        '<span hidden data-vig-init="{}" data-vig-constructor="{}" data-vig-for="{}" '
        'data-vig-config="{}"></span>',
        init,
        constructor,
        id_,
        json.dumps(options),
    )


def render_without_inline_script(self, name, value, attrs=None, renderer=None):
    """BaseChooser.render (Wagtail 8.0), with the init call as data where it can be."""
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as exc:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from exc
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    span = starter(self, id_, name, value_data)
    if span is None:
        span = f"<script>{self.render_js_init(id_, name, value_data)}</script>"
    return mark_safe(f"{widget_html}{span}")  # noqa: S308 - Wagtail's HTML and ours, escaped


# Wagtail's own render, kept for the test that notices when an upgrade changes it.
WAGTAIL_RENDER = BaseChooser.render


def install():
    BaseChooser.render = render_without_inline_script
