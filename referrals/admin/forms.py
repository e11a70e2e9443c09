"""The forms behind the detail page's actions. Each posts to the detail page itself, so a
mistake is shown next to the field with what the officer typed kept."""

from django import forms

from .. import selectors
from ..display import display_name
from ..forms import CleanCharField


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class VersionedForm(forms.Form):
    """Carries the version the officer was looking at, so a stale change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TransitionForm(VersionedForm):
    to = forms.ChoiceField(label="Move to", widget=forms.HiddenInput)
    note = CleanCharField(
        multiline=True,
        label="Note for the history (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, transitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(t.target, t.label) for t in transitions]


class DeclineForm(TransitionForm):
    decline_reason = CleanCharField(
        multiline=True,
        required=True,
        label="Reason for declining",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for declining."},
    )
    signposted_to = CleanCharField(
        required=True,
        label="Where the family was signposted",
        help_text="A service, organisation or “Not signposted”.",
        max_length=200,
        error_messages={"required": "Say where the family was signposted."},
    )


class AllocateForm(TransitionForm):
    guider = UserChoiceField(
        label="VIG Guider",
        queryset=selectors.vig_guiders(),
        empty_label="Choose a VIG Guider",
        error_messages={"required": "Choose the VIG Guider to allocate."},
    )


class AssignForm(VersionedForm):
    officer = UserChoiceField(
        label="Assign to",
        queryset=selectors.triage_officers(),
        empty_label="Choose a triage officer",
        error_messages={"required": "Choose the triage officer to assign."},
    )


class NoteForm(forms.Form):
    text = CleanCharField(
        multiline=True,
        required=True,
        label="Add a note",
        help_text="Notes cannot be edited after saving. To correct one, add another.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the note before saving it."},
    )
