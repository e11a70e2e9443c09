"""The intake forms' field library: text, email, UK phone, postcode, the date of birth, radios and
a checkbox, each following GOV.UK's patterns.

No browser `required` or `maxlength` (our messages are clearer, and browsers cut text off
silently): every text field has a server-side maximum length with a message naming the field,
and control characters are stripped before anything is checked. Templates render each field
with components/forms/*.html.
"""

from django import forms
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from referrals.intake import validators

PHONE_HINT = _("A UK number, like 01506 282948 or 07123 456 789")


def without_optional(label):
    """A question's label without its " (optional)" ending, in the active language (the row
    labels of Check your answers; the name in a "too long" message)."""
    text = str(label or "")
    # Translators: the ending of an optional question's label, e.g. "Your phone number
    # (optional)". Use the same words as in those labels.
    optional = pgettext("question label", "(optional)")
    for ending in (f" {optional}", " (optional)"):
        text = text.removesuffix(ending)
    return text


def _too_long(label, max_length):
    """ "Your full name must be 100 characters or fewer", in the active language."""
    name = without_optional(label).rstrip("?").rstrip("\u061f") or gettext("This answer")
    return ngettext(
        "%(name)s must be %(count)s character or fewer",
        "%(name)s must be %(count)s characters or fewer",
        max_length,
    ) % {"name": name, "count": formats.number_format(max_length, force_grouping=True)}


too_long = lazy(_too_long, str)


class CleanCharField(forms.CharField):
    """A CharField that strips control characters before its length is checked."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)
        if self.max_length:
            # Worked out when shown, in the visitor's language, from the question as first
            # labelled (a Wording's relabelling does not change it).
            self.error_messages["max_length"] = too_long(self.label, self.max_length)

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        return validators.strip_control_characters(value, multiline=self.multiline)

    def widget_attrs(self, widget):
        # No HTML maxlength: browsers cut text off silently (GOV.UK advice). The server checks
        # the length and says so next to the field.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def text(label, max_length, *, required=False, hint="", autocomplete="off", **attrs):
    widget_attrs = {"class": "input", "autocomplete": autocomplete, **attrs}
    return CleanCharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=hint,
        widget=forms.TextInput(attrs=widget_attrs),
    )


def textarea(label, max_length, *, required=False, hint=""):
    return CleanCharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=hint,
        multiline=True,
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 5}),
    )


class EmailField(forms.EmailField):
    widget = forms.EmailInput
    default_error_messages = {
        "invalid": _("Enter an email address in the correct format, like name@example.com"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _("Email address must be 254 characters or fewer")

    def to_python(self, value):
        return validators.strip_control_characters(value).replace(" ", "")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # the server checks the length (see CleanCharField)
        return attrs


class UKPhoneField(CleanCharField):
    """Any UK number as people write it; stored as +44…. The format check comes first, so an
    over-long answer gets the same clear message."""

    def clean(self, value):
        value = self.to_python(value)
        if not value:
            return super().clean(value)
        return validators.normalise_uk_phone(value)


class PostcodeField(CleanCharField):
    def clean(self, value):
        value = self.to_python(value)
        if not value:
            return super().clean(value)
        return validators.normalise_postcode(value)


def email_input(label, *, hint="", autocomplete="email"):
    return EmailField(
        label=label,
        required=False,
        max_length=254,
        help_text=hint,
        widget=forms.EmailInput(
            attrs={"class": "input", "autocomplete": autocomplete, "spellcheck": "false"}
        ),
    )


def phone_input(label, *, hint="", autocomplete="tel"):
    return UKPhoneField(
        label=label,
        max_length=30,
        help_text=hint,
        widget=forms.TextInput(
            attrs={
                "class": "input input--width-20",
                "type": "tel",
                "autocomplete": autocomplete,
                "inputmode": "tel",
            }
        ),
    )


class DateInputWidget(forms.MultiWidget):
    """Day, month and year inputs (GOV.UK date input). Rendered by date_input.html."""

    def __init__(self, attrs=None):
        part = {"class": "input", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(
            [forms.TextInput(attrs=part), forms.TextInput(attrs=part), forms.TextInput(attrs=part)],
            attrs,
        )

    def decompress(self, value):
        if value:
            return [value.day, value.month, value.year]
        return ["", "", ""]


class ChildDateOfBirthField(forms.Field):
    widget = DateInputWidget

    def clean(self, value):
        day, month, year = (list(value or []) + ["", "", ""])[:3]
        day, month, year = (validators.strip_control_characters(v)[:10] for v in (day, month, year))
        self.error_parts = ()
        try:
            return validators.child_date_of_birth(day, month, year, today=timezone.localdate())
        except forms.ValidationError as exc:
            # Which of the day, month and year inputs to mark (date_input.html).
            self.error_parts = (exc.params or {}).get("parts", validators.DATE_PARTS)
            raise


def radios(label, choices, *, required=True, hint="", error=None):
    """Radio buttons; a question that must be answered says what to select in `error`."""
    if required and not error:
        raise TypeError(f"radios({label!r}) is required: give it an error message")
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=hint,
        widget=forms.RadioSelect(attrs={"class": "radios__input"}),
        error_messages={"required": error} if error else None,
    )


def checkbox(label, *, error=None, hint=""):
    return forms.BooleanField(
        label=label,
        required=bool(error),
        help_text=hint,
        widget=forms.CheckboxInput(attrs={"class": "checkboxes__input"}),
        error_messages={"required": error} if error else None,
    )
