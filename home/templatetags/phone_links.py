"""Phone numbers written in the text of a page become links that ring them (tel:)."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..validators import PHONE_NUMBER

register = template.Library()

TAG = re.compile(r"(<[^>]*>)")


def tel_href(number):
    digits = "".join(ch for ch in number if ch.isdigit())
    relay = ""
    if digits.startswith("18001") and len(digits) > 5 and digits != "18001":
        relay, digits = "18001", digits[5:]
    if relay:
        return f"tel:{relay}{digits}"
    if number.lstrip().startswith("+44"):
        digits = digits[2:].removeprefix("0")
        return f"tel:+44{digits}"
    if digits.startswith("0"):
        return f"tel:+44{digits[1:]}"
    return f"tel:{digits}"


def _link(match):
    number = match.group(0)
    return f'<a href="{tel_href(number)}" class="nowrap">{number}</a>'


@register.filter
def tel_links(value):
    """Link every phone number in `value` (HTML, or text to be escaped) that is not already
    inside a link."""
    html = str(conditional_escape(value))
    parts = TAG.split(html)
    in_link = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part[1:].split(None, 1)[0].lower() if len(part) > 2 else ""
            if name == "a" or name.startswith("a>"):
                in_link += 1
            elif name in ("/a", "/a>"):
                in_link = max(0, in_link - 1)
        elif not in_link:
            parts[index] = PHONE_NUMBER.sub(_link, part)
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped text and our own tags
