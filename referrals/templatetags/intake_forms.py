"""Render form controls GOV.UK-style: aria-describedby to the hint and error, error classes."""

from django import template

register = template.Library()


def described_by(field, *, hint=True):
    ids = []
    if hint and field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def form_control(field):
    """The field's input or textarea, wired to its hint and error message."""
    attrs = {}
    ids = described_by(field)
    if ids:
        attrs["aria-describedby"] = ids
    base = field.field.widget.attrs.get("class", "input")
    if field.errors:
        first = base.split()[0]
        attrs["class"] = f"{base} {first}--error"
    return field.as_widget(attrs=attrs)


@register.filter
def describedby(field):
    return described_by(field)


@register.simple_tag
def date_part(field, index):
    """One of the day, month and year inputs of a date field, with its kept value."""
    value = field.value()
    if not isinstance(value, list | tuple):
        value = field.field.widget.decompress(value)
    parts = list(value or []) + ["", "", ""]
    return "" if parts[index] is None else parts[index]
