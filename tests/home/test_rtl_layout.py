"""Arabic reads right to left: a page with <html dir="rtl"> must mirror (the skip link, the
header, breadcrumbs, the quick exit, form fields and their error border, the back link, the
footer) while the English page looks as it did. The stylesheets get there with logical sides
(margin-inline-start, inset-inline-start, text-align: end...), which the browser maps to left or
right from the page's direction; only a drawn arrow needs a [dir="rtl"] rule of its own.

So a physical left or right anywhere else is a bug waiting for an Arabic reader: this reads
every stylesheet and names each one.
"""

import re
from pathlib import Path

from django.conf import settings

CSS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
SIDE = re.compile(r"\b(left|right)\b")
# Properties whose value names a side (float: left, text-align: right, clear: both is fine).
SIDE_VALUED = {"float", "clear", "text-align", "caption-side", "justify-self", "justify-items"}
# Shorthands whose four values run top, right, bottom, left: unequal right and left are a side.
FOUR_SIDED = {
    "margin",
    "padding",
    "inset",
    "border-width",
    "border-color",
    "border-style",
    "scroll-padding",
    "scroll-margin",
}


def values(text):
    """The space-separated values of a declaration, a function call (var(), calc()) being one."""
    parts, depth, current = [], 0, ""
    for char in text.strip():
        depth += char == "("
        depth -= char == ")"
        if char.isspace() and depth == 0:
            if current:
                parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current] if current else parts


def physical_sides(css):
    """(selector, declaration) for each physical left/right outside a [dir] rule."""
    found = []
    for selectors, body in RULE.findall(COMMENT.sub("", css)):
        selector = " ".join(selectors.split())
        if selector.startswith("@") or "[dir" in selector:
            continue
        for declaration in body.split(";"):
            if ":" not in declaration:
                continue
            name, value = (part.strip().lower() for part in declaration.split(":", 1))
            value = value.removesuffix("!important").strip()
            four = values(value)
            if (
                SIDE.search(name)
                or (name in SIDE_VALUED and SIDE.search(value))
                or (name in FOUR_SIDED and len(four) == 4 and four[1] != four[3])
            ):
                found.append((selector, f"{name}: {value}"))
    return found


def test_the_check_finds_each_kind_of_physical_side():
    css = """
    .a { margin-left: 1rem; }
    .b { padding: 0 1rem 0 2rem; }
    @media (min-width: 40em) { .c { text-align: right; } }
    .d::before { position: absolute; left: 0; }
    .e { float: left; border-right: 1px solid; }
    .f { border-width: 7px 0 7px 12px; }
    """
    found = [selector for selector, _ in physical_sides(css)]
    assert found == [".a", ".b", ".c", ".d::before", ".e", ".e", ".f"]


def test_the_check_allows_logical_sides_symmetric_shorthands_and_dir_rules():
    css = """
    .a { margin-inline-start: 1rem; padding: 0 var(--space-3); text-align: end; }
    .b { margin: 0 calc(1rem + 2px) 0.1em calc(1rem + 2px); inset-inline-start: 0; }
    [dir="rtl"] .c::before { transform: rotate(45deg); left: 0; }
    .d { float: inline-start; border-inline-width: 12px 0; }
    """
    assert physical_sides(css) == []


def test_no_stylesheet_uses_a_physical_left_or_right_outside_a_dir_rule():
    assert CSS, "no stylesheets found"
    for path in CSS:
        assert physical_sides(path.read_text()) == [], path.name


def rtl_rules(css):
    return {
        " ".join(selector.split()): body
        for selector, body in RULE.findall(COMMENT.sub("", css))
        if '[dir="rtl"]' in selector
    }


def test_the_arrows_drawn_with_borders_point_the_other_way_in_arabic():
    """The breadcrumbs' separators and the back link's arrow are drawn with two borders (on the
    logical sides, so they change sides in Arabic) and turned; in Arabic they turn the other
    way, so each arrow is the mirror image of the English one."""
    site = rtl_rules((Path(settings.BASE_DIR) / "static/css/site.css").read_text())
    intake = rtl_rules((Path(settings.BASE_DIR) / "static/css/intake.css").read_text())
    separator = '[dir="rtl"] .breadcrumbs__item + .breadcrumbs__item::before'
    assert "rotate(-45deg)" in site[separator]
    assert "rotate(-225deg)" in intake['[dir="rtl"] .back-link::before']
