"""Render form controls GOV.UK-style: aria-describedby to the hint and error, error classes."""

from django import forms, template

from referrals.intake.forms import SPAM_FIELDS
from referrals.intake.steps import CONDITIONAL_FIELDS
from referrals.intake.validators import DATE_PARTS

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


@register.simple_tag
def date_part_error(field, index):
    """True when the day (0), month (1) or year (2) input is one of those found wrong."""
    if not field.errors:
        return False
    parts = getattr(field.field, "error_parts", ()) or DATE_PARTS
    return DATE_PARTS[index] in parts


@register.filter
def field_kind(field):
    """Which component renders the field; "" for a question asked only after choosing
    "Other", which its radio button's reveal renders."""
    if field.name in CONDITIONAL_FIELDS and CONDITIONAL_FIELDS[field.name][0] in field.form.fields:
        return ""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a RadioSelect subclass: first
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if field.name in SPAM_FIELDS:
        return ""
    return "input"


@register.filter
def conditional_of(field):
    """The bound "If you chose Other" question revealed by this radio question, if any."""
    for name, (parent, _value) in CONDITIONAL_FIELDS.items():
        if parent == field.name and name in field.form.fields:
            return field.form[name]
    return None
