"""The forms behind the detail page's actions. Each posts to the detail page itself, so a
mistake is shown next to the field with what the officer typed kept."""

from django import forms

from referrals.cases import selectors
from referrals.cases.display import display_name
from referrals.intake.fields import CleanCharField
from referrals.intake.forms import SAFE_CONTACT_CHOICES
from referrals.intake.validators import normalise_postcode, normalise_uk_phone
from referrals.models import ContactMethod
from referrals.privacy.subject_requests import Criteria
from referrals.triage import capacity
from referrals.triage.capacity import BEYOND_CAPACITY_MESSAGE


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
    """Each Guider is offered with their families against their capacity ("3 of 6"), those
    with room first (suggested); one at or beyond capacity needs a reason."""

    guider = UserChoiceField(
        label="VIG Guider",
        queryset=selectors.vig_guiders(),
        empty_label="Choose a VIG Guider",
        help_text="Each VIG Guider's families now, against how many they can work with at once. "
        "Those with room are listed first.",
        error_messages={"required": "Choose the VIG Guider to allocate."},
    )
    capacity_reason = CleanCharField(
        multiline=True,
        required=False,
        label="Reason for allocating beyond capacity (only if the VIG Guider is full)",
        help_text="Needed when the VIG Guider already has as many families as their capacity. "
        "Do not write the family's details here.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loads = {load.guider.pk: load for load in capacity.guider_loads()}
        room = [load for load in self.loads.values() if not load.full]
        full = [load for load in self.loads.values() if load.full]
        choices = [("", self.fields["guider"].empty_label)]
        if room:
            choices.append(("With room (suggested)", [self.choice(load) for load in room]))
        if full:
            choices.append(("At or beyond capacity", [self.choice(load) for load in full]))
        self.fields["guider"].choices = choices

    @staticmethod
    def choice(load):
        state = f"room for {load.room}" if load.room else "full"
        return load.guider.pk, f"{load.name}: {load.against_capacity} families ({state})"

    def clean(self):
        data = super().clean()
        guider = data.get("guider")
        load = self.loads.get(guider.pk) if guider is not None else None
        if load is not None and load.full and not data.get("capacity_reason"):
            self.add_error(
                "capacity_reason",
                BEYOND_CAPACITY_MESSAGE.format(name=load.name, load=load.against_capacity),
            )
        return data


class PriorityForm(VersionedForm):
    """Give a family on the waiting list priority, or take it away, saying why."""

    priority = forms.TypedChoiceField(
        choices=[("1", "Give priority"), ("0", "Remove priority")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    reason = CleanCharField(
        multiline=True,
        required=True,
        label="Reason",
        help_text="Recorded in the case's history. Do not write the family's details here.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason for the change of priority."},
    )


class SafeContactChangeForm(VersionedForm):
    """A change of the family's safe contact, as an officer who phoned them heard it. The
    details (an address, a number) stay as the family gave them; this records which ways are
    safe now (referrals.triage.safe_contact_change)."""

    safe_contact = forms.MultipleChoiceField(
        label="Which ways are safe now?",
        choices=SAFE_CONTACT_CHOICES,
        required=False,
        help_text="Tick every way that is safe. Untick one that no longer is. Messages not yet "
        "sent by a way that is no longer safe are cancelled.",
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_contact = forms.ChoiceField(
        label="Which way do they prefer?",
        choices=[("", "No preference"), *ContactMethod.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    may_name_team = forms.TypedChoiceField(
        label="Can we say who we are in a text or voicemail?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        required=False,
        empty_value=False,
        help_text="Counts only where a text or voicemail is safe. No: texts and voicemails never "
        "name the team or the council.",
        widget=forms.RadioSelect,
    )
    change_note = CleanCharField(
        multiline=True,
        required=True,
        label="How you learned of the change",
        help_text="Recorded in the history with what changed. For example: “Phoned the "
        "parent; texts are no longer safe.” Do not write an address or number here.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say how you learned of the change."},
    )

    @classmethod
    def for_case(cls, case, **kwargs):
        """The form showing the answers the case holds now."""
        safe = [way for way, _label in SAFE_CONTACT_CHOICES if getattr(case, f"safe_to_{way}")]
        initial = {
            "version": case.version,
            "safe_contact": safe,
            "preferred_contact": case.preferred_contact,
            "may_name_team": "yes" if case.may_name_team else "no",
        }
        return cls(initial=initial, **kwargs)


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


class SubjectSearchForm(forms.Form):
    """Who a subject access or erasure request is about: an email, a phone number, or a name
    with a postcode. Posted, never put in a URL."""

    email = forms.EmailField(
        required=False,
        label="Email address",
        max_length=254,
        error_messages={"invalid": "Enter an email address, like name@example.com."},
    )
    phone = CleanCharField(required=False, label="Phone number", max_length=30)
    name = CleanCharField(required=False, label="Full name", max_length=100)
    postcode = CleanCharField(
        required=False,
        label="Postcode",
        max_length=10,
        help_text="Needed with a name: a name alone can belong to someone else.",
    )
    date_of_birth = forms.DateField(
        required=False,
        label="Date of birth (for a child or young person)",
        help_text="With their first name and postcode, finds the referrals about them.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, like 17 May 2012."},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return normalise_uk_phone(phone) if phone else ""

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        return normalise_postcode(postcode) if postcode else ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if (data.get("name") or data.get("date_of_birth")) and not data.get("postcode"):
            self.add_error("postcode", "Add their postcode: a name alone can match someone else.")
        elif data.get("date_of_birth") and not data.get("name"):
            self.add_error("name", "Add their first name to the date of birth.")
        elif not (data.get("email") or data.get("phone") or data.get("name")):
            raise forms.ValidationError(
                "Enter their email address, phone number, or name and postcode."
            )
        return data

    def criteria(self):
        return Criteria(**{name: self.cleaned_data[name] for name in self.fields})


class ErasureForm(forms.Form):
    reason = CleanCharField(
        multiline=True,
        required=True,
        label="Why the details are being erased",
        help_text="For example: “Asked by email on 3 March; no reason to keep the details.” "
        "Do not write the person's name or details here.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the erasure."},
    )
