"""What home.admin_scripts and home.wagtail_hooks rely on in Wagtail, held so that an upgrade
that changes it fails here, naming Wagtail, before an editor meets a broken screen."""

from pathlib import Path

import wagtail
from wagtail.admin.panels import InlinePanel, MultipleChooserPanel
from wagtail.admin.widgets import AdminPageChooser

from home import admin_scripts

WAGTAIL_TEMPLATES = Path(wagtail.__file__).parent / "admin" / "templates" / "wagtailadmin"
UPGRADE = (
    "wagtail changed; review home/admin_scripts.py, home/wagtail_hooks.py and docs/upgrading.md"
)


def test_wagtails_chooser_render_is_still_its_html_then_its_init_script(home_page):
    widget = AdminPageChooser()
    attrs = {"id": "id_start_page"}
    value_data = widget.get_value_data(home_page.pk)
    expected = (
        widget.render_html("start_page", value_data, attrs)
        + f"<script>{widget.render_js_init('id_start_page', 'start_page', value_data)}</script>"
    )
    assert admin_scripts.WAGTAIL_RENDER(widget, "start_page", home_page.pk, attrs) == expected, (
        UPGRADE
    )


def test_a_chooser_renders_its_init_call_as_data_not_a_script(home_page):
    html = AdminPageChooser().render("start_page", home_page.pk, {"id": "id_start_page"})
    assert "<script" not in html
    assert 'data-vig-init="chooser"' in html
    assert 'data-vig-constructor="PageChooser"' in html


def test_the_panels_and_widgets_we_replace_still_start_with_one_inline_script():
    inline_panel = (WAGTAIL_TEMPLATES / "panels" / "inline_panel.html").read_text()
    assert "{% block js_init %}" in inline_panel and "new InlinePanel(" in inline_panel, UPGRADE
    chooser_panel = (WAGTAIL_TEMPLATES / "panels" / "multiple_chooser_panel.html").read_text()
    assert "{% block js_init %}" in chooser_panel, UPGRADE
    assert "chooser_widget_definition|json_script" in chooser_panel, UPGRADE
    for name, call in [
        ("date_input.html", "initDateChooser"),
        ("time_input.html", "initTimeChooser"),
        ("datetime_input.html", "initDateTimeChooser"),
    ]:
        assert call in (WAGTAIL_TEMPLATES / "widgets" / name).read_text(), UPGRADE
    assert InlinePanel.BoundPanel.template_name == "vig_admin/inline_panel.html"
    assert MultipleChooserPanel.BoundPanel.template_name == "vig_admin/multiple_chooser_panel.html"
