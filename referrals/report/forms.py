"""The reporting period a Manager chooses: from and to dates, by default the last 12 months."""

import datetime

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
EARLIEST = datetime.date(2000, 1, 1)
LONGEST_YEARS = 5
INVALID = "Enter a real date, like 1/11/2025."


def default_period(today):
    """The last 12 months: from the first of the month 11 months ago to today."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, 1), today


class DateTextField(forms.DateField):
    """A date typed as text (day/month/year), so what was typed comes back with the error."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 12})

    def __init__(self, *, error_messages, **kwargs):
        super().__init__(
            input_formats=DATE_FORMATS,
            error_messages={"invalid": INVALID, **error_messages},
            **kwargs,
        )
        self.widget.format = "%d/%m/%Y"


class ReportPeriodForm(forms.Form):
    start = DateTextField(
        label="From",
        help_text="The first day of the period, for example 1/11/2025.",
        error_messages={"required": "Enter the first day of the period."},
    )
    end = DateTextField(
        label="To",
        help_text="The last day of the period, for example 31/10/2026.",
        error_messages={"required": "Enter the last day of the period."},
    )

    def __init__(self, data=None, *, today):
        self.today = today
        start, end = default_period(today)
        initial = {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
        super().__init__(data, initial=initial)

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start < EARLIEST:
            raise forms.ValidationError(f"Choose a date from {EARLIEST:%-d/%-m/%Y} onwards.")
        if start > self.today:
            raise forms.ValidationError("The period cannot start in the future.")
        return start

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end > self.today:
            raise forms.ValidationError(
                "The period cannot end in the future: choose today or before."
            )
        return end

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be the same as or after the first day.")
            elif (end - start).days > 366 * LONGEST_YEARS:
                self.add_error("start", f"Choose a period of {LONGEST_YEARS} years or less.")
        return cleaned
