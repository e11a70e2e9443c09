"""The public referral and enquiry forms. Forms validate; services save.

Fixed Django forms mapped to our models (not Wagtail's form builder): triage needs structured
data. GOV.UK patterns: no browser `required` validation (our messages are clearer), every text
field has a server-side maximum length, control characters are stripped, values are kept when
there are errors. Templates render each field with components/forms/*.html.
"""

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import timezone

from . import validators
from .models import ContactMethod, ReferralKind, Relationship, SessionLocation
from .spam import HONEYPOT_FIELD, RecaptchaV3Field

SAFE_CONTACT_CHOICES = [
    ("email", "Email"),
    ("text", "Text message"),
    ("phone", "Phone call"),
    ("voicemail", "Leaving a voicemail message"),
]


class CleanCharField(forms.CharField):
    """A CharField that strips control characters before its length is checked."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", True)
        super().__init__(**kwargs)
        if self.max_length:
            name = str(self.label or "This").removesuffix(" (optional)").rstrip("?")
            self.error_messages["max_length"] = (
                f"{name} must be {self.max_length:,} characters or fewer"
            )

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
        "invalid": "Enter an email address in the correct format, like name@example.com",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["max_length"] = "Email address must be 254 characters or fewer"

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
        return validators.child_date_of_birth(day, month, year, today=timezone.localdate())


def radios(label, choices, *, required=True, hint="", error=None):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=hint,
        widget=forms.RadioSelect(attrs={"class": "radios__input"}),
        error_messages={"required": error or f"Select {label[0].lower()}{label[1:]}".rstrip("?")},
    )


def checkbox(label, *, error=None, hint=""):
    return forms.BooleanField(
        label=label,
        required=bool(error),
        help_text=hint,
        widget=forms.CheckboxInput(attrs={"class": "checkboxes__input"}),
        error_messages={"required": error} if error else None,
    )


PHONE_HINT = "A UK number, like 01506 282948 or 07123 456 789"


class IntakeForm(forms.Form):
    """What the two public forms share: GOV.UK conventions, the honeypot and reCAPTCHA."""

    use_required_attribute = False
    # The error summary links to these inputs instead of the field's own id.
    error_anchor = {"child_date_of_birth": "id_child_date_of_birth_0"}

    def __init__(self, *args, checked=True, **kwargs):
        super().__init__(*args, **kwargs)
        # An unchecked form shows what was typed without judging it (when the rate limit says
        # "please phone us" there is nothing to correct).
        self.checked = checked
        # No maximum length: an error on a hidden field would stop a submission unexplained.
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        if settings.RECAPTCHA_ENABLED:
            self.fields["recaptcha"] = RecaptchaV3Field()

    def full_clean(self):
        if self.checked:
            super().full_clean()
        else:
            self._errors = ErrorDict()
            self.cleaned_data = {}

    def visible_errors(self):
        """(anchor id, message) pairs for the error summary, in the order of the form."""
        items = [("", str(message)) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            if name in (HONEYPOT_FIELD, "recaptcha"):
                continue
            for message in self.errors.get(name, []):
                anchor = self.error_anchor.get(name) or self[name].auto_id
                if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                    anchor = f"{self[name].auto_id}_0"
                items.append((anchor, message))
        return items

    def data_for_saving(self):
        """cleaned_data without the spam-protection fields."""
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in (HONEYPOT_FIELD, "recaptcha")
        }


class ReferralForm(IntakeForm):
    """A referral from a parent or carer, or from a professional on the family's behalf."""

    # The professional (professional referrals only; removed from self-referrals).
    professional_name = text("Your full name", 100, autocomplete="name", spellcheck="false")
    professional_role = text(
        "Your job title",
        100,
        hint="For example, health visitor or teacher",
        autocomplete="organization-title",
    )
    professional_organisation = text(
        "Your organisation",
        150,
        hint="For example, the school or health centre",
        autocomplete="organization",
    )
    professional_email = email_input(
        "Your work email address",
        hint="We will send the referral reference here",
        autocomplete="work email",
    )
    professional_phone = phone_input("Your work phone number (optional)", autocomplete="work tel")

    # The parent or carer.
    contact_name = text(
        "Your full name", 100, required=True, autocomplete="name", spellcheck="false"
    )
    relationship = radios(
        "Your relationship to the child",
        Relationship.choices,
        error="Select your relationship to the child",
    )
    relationship_other = text(
        "If you chose Other, your relationship to the child", 100, hint="For example, aunt"
    )
    email = email_input("Email address (optional)")
    phone = phone_input("Phone number (optional)", hint=PHONE_HINT)
    safe_contact = forms.MultipleChoiceField(
        label="Which of these is it safe for us to do?",
        choices=SAFE_CONTACT_CHOICES,
        required=True,
        help_text="Tick every one that is safe. We will only contact you in the ways you tick.",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkboxes__input"}),
        error_messages={"required": "Tick at least one way it is safe for us to contact you"},
    )
    preferred_contact = radios(
        "How would you prefer us to contact you? (optional)",
        ContactMethod.choices,
        required=False,
    )
    contact_times = text(
        "When is best to contact you? (optional)",
        200,
        hint="For example, weekday mornings",
    )
    postcode = PostcodeField(
        label="Postcode",
        max_length=10,
        required=True,
        help_text="Where the family lives. We use it to check we cover your area",
        widget=forms.TextInput(
            attrs={
                "class": "input input--width-10",
                "autocomplete": "postal-code",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter a postcode"},
    )

    # The child.
    child_first_name = text("Child's first name", 60, required=True, spellcheck="false")
    child_date_of_birth = ChildDateOfBirthField(
        label="Child's date of birth", help_text="For example, 27 3 2019"
    )
    school_or_nursery = text("School or nursery (optional)", 150)

    # What they would like.
    what_to_change = textarea(
        "What would you like to change?",
        2000,
        required=True,
        hint="For example, how you and your child talk or play together. A few sentences is "
        "enough. You can use up to 2,000 characters",
    )
    session_location = radios(
        "Where would sessions suit you best?",
        SessionLocation.choices,
        error="Select where sessions would suit you best",
    )
    session_location_other = text("If you chose Somewhere else, where would suit you?", 150)
    other_services = textarea(
        "Other services working with your family (optional)",
        1000,
        hint="For example, a social worker, health visitor or family support worker",
    )
    language = text("Preferred language (optional)", 60, hint="If it is not English")
    interpreter_needed = checkbox("We will need an interpreter")
    access_needs = textarea(
        "Access needs (optional)",
        1000,
        hint="Anything that would make it easier for you to take part",
    )

    family_agrees = checkbox(
        "The family knows about this referral and agrees to it",
        error="Confirm that the family agrees to this referral",
    )
    consent_privacy = checkbox(
        "I have read the privacy notice",
        error="Confirm that you have read the privacy notice",
    )
    consent_contact = checkbox(
        "The team may contact me about this referral",
        error="Confirm that the team may contact you about this referral",
    )

    PROFESSIONAL_FIELDS = [
        "professional_name",
        "professional_role",
        "professional_organisation",
        "professional_email",
        "professional_phone",
        "family_agrees",
    ]
    # Wording for professionals: the contact details are the family's, not theirs.
    PROFESSIONAL_LABELS = {
        "contact_name": "Parent or carer's full name",
        "relationship": "Their relationship to the child",
        "relationship_other": "If you chose Other, their relationship to the child",
        "email": "Parent or carer's email address (optional)",
        "phone": "Parent or carer's phone number (optional)",
        "safe_contact": "Which of these is it safe for us to do when contacting the family?",
        "preferred_contact": "How would they prefer us to contact them? (optional)",
        "contact_times": "When is best to contact them? (optional)",
        "what_to_change": "What would the family like to change?",
        "session_location": "Where would sessions suit the family best?",
        "session_location_other": "If you chose Somewhere else, where would suit them?",
        "other_services": "Other services working with the family (optional)",
        "language": "The family's preferred language (optional)",
        "interpreter_needed": "The family will need an interpreter",
        "access_needs": "The family's access needs (optional)",
        "consent_contact": "The team may contact me and the family about this referral",
    }
    PROFESSIONAL_REQUIRED = {
        "professional_name": "Enter your full name",
        "professional_role": "Enter your job title",
        "professional_organisation": "Enter your organisation",
        "professional_email": "Enter your work email address",
    }
    REQUIRED_MESSAGES = {
        "contact_name": "Enter your full name",
        "child_first_name": "Enter the child's first name",
        "what_to_change": "Tell us what you would like to change",
    }

    def __init__(self, *args, kind=ReferralKind.SELF, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, message in self.REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        if kind == ReferralKind.PROFESSIONAL:
            for name, label in self.PROFESSIONAL_LABELS.items():
                self.fields[name].label = label
            self.fields["contact_name"].error_messages["required"] = (
                "Enter the parent or carer's full name"
            )
            self.fields["contact_name"].widget.attrs["autocomplete"] = "off"
            self.fields["email"].widget.attrs["autocomplete"] = "off"
            self.fields["phone"].widget.attrs["autocomplete"] = "off"
            self.fields["postcode"].widget.attrs["autocomplete"] = "off"
            self.fields[
                "safe_contact"
            ].help_text = (
                "Tick every one that is safe. We will only contact the family in the ways you tick."
            )
            self.fields["what_to_change"].error_messages["required"] = (
                "Tell us what the family would like to change"
            )
            for name, message in self.PROFESSIONAL_REQUIRED.items():
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message
                self.fields[name].label = self.fields[name].label.removesuffix(" (optional)")
        else:
            for name in self.PROFESSIONAL_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        professional = self.kind == ReferralKind.PROFESSIONAL
        who = "the family" if professional else "you"
        if data.get("relationship") == Relationship.OTHER and not data.get("relationship_other"):
            self.add_error(
                "relationship_other",
                "Tell us their relationship to the child"
                if professional
                else "Tell us your relationship to the child",
            )
        if data.get("session_location") == SessionLocation.OTHER and not data.get(
            "session_location_other"
        ):
            self.add_error("session_location_other", "Tell us where else would suit")
        has_email = bool(data.get("email"))
        has_phone = bool(data.get("phone"))
        if "email" in data and "phone" in data and not (has_email or has_phone):
            self.add_error(
                "email", f"Enter an email address or a phone number so we can contact {who}"
            )
        safe = set(data.get("safe_contact") or [])
        if (
            safe
            and (has_email or has_phone)
            and not (
                (has_email and "email" in safe)
                or (has_phone and safe & {"text", "phone", "voicemail"})
            )
        ):
            self.add_error(
                "safe_contact",
                f"Tick a safe way for us to contact {who} that matches the details you gave",
            )
        preferred = data.get("preferred_contact")
        if preferred == ContactMethod.EMAIL and "email" in data and not has_email:
            self.add_error("preferred_contact", "Enter an email address, or choose another way")
        if (
            preferred in (ContactMethod.PHONE, ContactMethod.TEXT)
            and "phone" in data
            and not (has_phone)
        ):
            self.add_error("preferred_contact", "Enter a phone number, or choose another way")
        return data

    def data_for_saving(self):
        data = super().data_for_saving()
        safe = set(data.pop("safe_contact", []))
        data.update(
            safe_to_email="email" in safe,
            safe_to_text="text" in safe,
            safe_to_phone="phone" in safe,
            safe_to_voicemail="voicemail" in safe,
        )
        if data.get("relationship") != Relationship.OTHER:
            data["relationship_other"] = ""
        if data.get("session_location") != SessionLocation.OTHER:
            data["session_location_other"] = ""
        return data


class EnquiryForm(IntakeForm):
    name = text("Your name", 100, required=True, autocomplete="name", spellcheck="false")
    email = email_input("Email address (optional)")
    phone = phone_input("Phone number (optional)", hint=PHONE_HINT)
    question = textarea(
        "Your question",
        2000,
        required=True,
        hint="You can use up to 2,000 characters",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter your name"
        self.fields["question"].error_messages["required"] = "Enter your question"

    def clean(self):
        data = super().clean()
        if "email" in data and "phone" in data and not (data["email"] or data["phone"]):
            self.add_error(
                "email", "Enter an email address or a phone number so we can reply to you"
            )
        return data
