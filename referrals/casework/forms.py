"""The forms of "Working with the family" on a referral's page. Each posts to the case page;
a mistake is shown next to its field with what the Guider typed kept."""

from django import forms

from referrals.intake.fields import CleanCharField
from referrals.models.casework import (
    MAX_CYCLES,
    ConsentCovers,
    ConsentGiver,
    CycleLocation,
    CycleStatus,
    Outcome,
)

DATE_ERRORS = {
    "required": "Enter the date.",
    "invalid": "Enter a real date, like 3 March 2026 (day, month, year).",
}


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )


def time_field(label):
    """A session's start, on the 24-hour clock ('14:30'; '14.30' and '2:30pm' are taken too)."""
    return forms.TimeField(
        label=label,
        required=False,
        help_text="For example, 14:30. Leave empty if not agreed yet.",
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S", "%I:%M%p", "%I.%M%p", "%I%p"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a real time on the 24-hour clock, like 14:30."},
    )


def rating_field(label, *, required=True):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "triage-rating"}),
        error_messages={
            "required": "Give a rating from 0 (not at all met) to 10 (fully met).",
            "invalid": "Give a whole number from 0 to 10.",
            "min_value": "Give a rating from 0 (not at all met) to 10 (fully met).",
            "max_value": "Give a rating from 0 (not at all met) to 10 (fully met).",
        },
    )


class FirstContactForm(forms.Form):
    first_contact_on = date_field("Date of first contact with the family")


class ConsentForm(forms.Form):
    given_by = forms.ChoiceField(
        label="Who gave consent",
        choices=ConsentGiver.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say who gave consent."},
    )
    given_on = date_field("Date consent was given")
    covers = forms.ChoiceField(
        label="What it covers",
        choices=ConsentCovers.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say what the consent covers."},
    )
    keep_footage_until = date_field(
        "Keep the footage until (optional)",
        required=False,
        help_text="Only with consent to supervision and training. Otherwise the footage is "
        "deleted after the work ends.",
    )


class WithdrawConsentForm(forms.Form):
    consent = forms.IntegerField(widget=forms.HiddenInput)
    withdrawn_on = date_field("Date consent was withdrawn")


class GoalForm(forms.Form):
    text = CleanCharField(
        required=True,
        label="The goal, in the family's own words",
        max_length=300,
        error_messages={"required": "Write the goal in the family's own words."},
    )
    start_rating = rating_field("How far is it met now? (0 to 10)")
    rated_on = date_field("Date of the rating")


class RatingsForm(forms.Form):
    """One rating per goal, after the review of one cycle."""

    cycle = forms.TypedChoiceField(
        label="After the review of",
        coerce=int,
        error_messages={"required": "Choose the cycle whose review this follows."},
    )
    rated_on = date_field("Date of the ratings")

    def __init__(self, *args, goals=(), cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        self.fields["cycle"].choices = [("", "Choose a cycle")] + [
            (cycle.number, f"Cycle {cycle.number}") for cycle in cycles
        ]
        for goal in self.goals:
            self.fields[f"goal_{goal.number}"] = rating_field(f"Goal {goal.number}: {goal.text}")

    def ratings(self):
        return {goal: self.cleaned_data[f"goal_{goal.number}"] for goal in self.goals}


class CycleForm(forms.Form):
    # Empty: add the next cycle (its number is chosen by the server); else the cycle to change.
    number = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_CYCLES, required=False
    )
    location = forms.ChoiceField(
        label="Where",
        choices=CycleLocation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say where the cycle happens."},
    )
    place = CleanCharField(
        label="Place (optional)",
        max_length=150,
        help_text="As the family would recognise it, for example 'Rowan Family Centre, room 2'. "
        "Leave empty for the family's home: their address is never written in a reminder.",
    )
    filmed_on = date_field("Filming date", required=False)
    filming_time = time_field("Filming time (optional)")
    reviewed_on = date_field("Shared review date", required=False)
    review_time = time_field("Shared review time (optional)")
    status = forms.ChoiceField(label="Status", choices=CycleStatus.choices)
    note = CleanCharField(label="Short note (optional)", max_length=300)


class MoreCyclesForm(forms.Form):
    reason = CleanCharField(
        required=True,
        label="Why more than three cycles",
        max_length=300,
        error_messages={"required": "Say why more cycles were agreed."},
    )


class FootageDeletedForm(forms.Form):
    footage_deleted_on = date_field("Date the footage was deleted")


class EndWorkForm(forms.Form):
    outcome = forms.ChoiceField(
        label="How did the work end?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how the work ended."},
    )
    ended_on = date_field("Date the work ended")
    feedback_helpful = forms.TypedChoiceField(
        label="How helpful did the family find it? (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Not asked or not given")]
        + [
            (n, f"{n}{' (not at all)' if n == 1 else ' (very)' if n == 5 else ''}")
            for n in range(1, 6)
        ],
    )
    feedback_comment = CleanCharField(
        multiline=True,
        label="What the family said (optional)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"goal_{goal.number}"] = rating_field(
                f"Final rating, goal {goal.number}: {goal.text}", required=False
            )

    def final_ratings(self):
        return {goal: self.cleaned_data.get(f"goal_{goal.number}") for goal in self.goals}
