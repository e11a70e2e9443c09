"""The public referral and enquiry forms. Forms validate; services save.

Fixed Django forms mapped to our models (not Wagtail's form builder): triage needs structured
data. GOV.UK patterns: no browser `required` validation (our messages are clearer), every text
field has a server-side maximum length, control characters are stripped, values are kept when
there are errors. Templates render each field with components/forms/*.html.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import timezone

from referrals.intake import validators
from referrals.intake.spam import HONEYPOT_FIELD, RecaptchaV3Field
from referrals.models import ContactMethod, ReferralKind, Relationship, SessionLocation

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
        self.error_parts = ()
        try:
            return validators.child_date_of_birth(day, month, year, today=timezone.localdate())
        except forms.ValidationError as exc:
            # Which of the day, month and year inputs to mark (date_input.html).
            self.error_parts = (exc.params or {}).get("parts", validators.DATE_PARTS)
            raise


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
SPAM_FIELDS = (HONEYPOT_FIELD, "recaptcha")


class IntakeForm(forms.Form):
    """What the public forms share: GOV.UK conventions, the honeypot and reCAPTCHA.

    `spam_checks=False` leaves out the honeypot and reCAPTCHA: a referral's question pages
    have none; they apply when the whole referral is sent from the check page.
    """

    use_required_attribute = False

    def __init__(self, *args, checked=True, spam_checks=True, **kwargs):
        super().__init__(*args, **kwargs)
        # An unchecked form shows what was typed without judging it (when the rate limit says
        # "please phone us" there is nothing to correct).
        self.checked = checked
        if spam_checks:
            self.add_spam_checks()

    def add_spam_checks(self):
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

    def error_anchor(self, name):
        """The id the error summary links to for field `name`: the first input of a group."""
        field = self.fields[name]
        if isinstance(field, ChildDateOfBirthField):
            parts = getattr(field, "error_parts", ()) or validators.DATE_PARTS
            return f"{self[name].auto_id}_{validators.DATE_PARTS.index(parts[0])}"
        if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return f"{self[name].auto_id}_0"
        return self[name].auto_id

    def visible_errors(self):
        """(field name, anchor id, message) for the error summary, in the order of the page."""
        items = [("", "", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            if name in SPAM_FIELDS:
                continue
            for message in self.errors.get(name, []):
                items.append((name, self.error_anchor(name), message))
        return items

    def data_for_saving(self):
        """cleaned_data without the spam-protection fields."""
        return {key: value for key, value in self.cleaned_data.items() if key not in SPAM_FIELDS}


@dataclass(frozen=True)
class Wording:
    """Words for the person the form talks to about the family: a parent or carer (about
    themselves), or a professional (about the family)."""

    they: str  # "you" / "the family"
    field_text: dict  # field name -> {"label", "hint", "required"} overrides
    reach: str = ""  # "contact you", "reply to you": what we will do with the details

    def apply(self, form):
        for name, text in self.field_text.items():
            if name not in form.fields:
                continue
            field = form.fields[name]
            if "label" in text:
                field.label = text["label"]
            if "hint" in text:
                field.help_text = text["hint"]
            if "required" in text:
                field.error_messages["required"] = text["required"]


class SafeContactForm(IntakeForm):
    """A way to contact the person, which ways are safe, and which they prefer.

    The preferred way must be one marked safe; the details given must match a safe way.
    """

    email = email_input("Your email address (optional)")
    phone = phone_input("Your phone number (optional)", hint=PHONE_HINT)
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

    wording = Wording(they="you", field_text={})

    def clean(self):
        data = super().clean()
        they = self.wording.they
        has_email = bool(data.get("email"))
        has_phone = bool(data.get("phone"))
        asks_details = "email" in self.fields and "phone" in self.fields
        if asks_details and "email" in data and "phone" in data and not (has_email or has_phone):
            reach = self.wording.reach or f"contact {they}"
            self.add_error("email", f"Enter an email address or a phone number so we can {reach}")
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
                f"Tick a safe way for us to contact {they} that matches the details you gave",
            )
        preferred = data.get("preferred_contact")
        if preferred and "safe_contact" in data and preferred not in safe:
            self.add_error(
                "preferred_contact",
                "Choose a way you ticked as safe, or leave this question blank"
                if they == "you"
                else "Choose a way you ticked as safe for the family, or leave this question blank",
            )
        elif preferred == ContactMethod.EMAIL and "email" in data and not has_email:
            self.add_error("preferred_contact", "Enter an email address, or choose another way")
        elif (
            preferred in (ContactMethod.PHONE, ContactMethod.TEXT)
            and "phone" in data
            and not has_phone
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
        return data


@dataclass(frozen=True)
class Step:
    """One question page of the referral: a topic and the questions asked on it."""

    slug: str  # its address under the form page, e.g. /refer/about-you/
    title: str  # the page's heading
    fields: tuple  # the form's fields asked on this page, in page order


# The referral's question pages, one description per route: the views, the templates and the
# check-your-answers page all read these. A field asked "if you chose Other" sits on the same
# page as its question (CONDITIONAL_FIELDS).
REFERRAL_STEPS = {
    ReferralKind.SELF: (
        Step(
            "about-you",
            "About you",
            ("contact_name", "relationship", "relationship_other", "postcode"),
        ),
        Step(
            "your-child",
            "Your child",
            ("child_first_name", "child_date_of_birth", "school_or_nursery"),
        ),
        Step(
            "what-you-would-like-to-change",
            "What you would like to change",
            ("what_to_change", "other_services"),
        ),
        Step(
            "your-sessions",
            "Your sessions",
            (
                "session_location",
                "session_location_other",
                "language",
                "interpreter_needed",
                "access_needs",
            ),
        ),
        Step(
            "contacting-you-safely",
            "Contacting you safely",
            ("email", "phone", "safe_contact", "preferred_contact", "contact_times"),
        ),
    ),
    ReferralKind.PROFESSIONAL: (
        Step(
            "about-you",
            "About you",
            (
                "professional_name",
                "professional_role",
                "professional_organisation",
                "professional_email",
                "professional_phone",
            ),
        ),
        Step(
            "the-family",
            "The parent or carer",
            ("contact_name", "relationship", "relationship_other", "postcode", "family_agrees"),
        ),
        Step(
            "the-child",
            "The child",
            ("child_first_name", "child_date_of_birth", "school_or_nursery"),
        ),
        Step(
            "what-the-family-would-like-to-change",
            "What the family would like to change",
            ("what_to_change", "other_services"),
        ),
        Step(
            "the-familys-sessions",
            "The family's sessions",
            (
                "session_location",
                "session_location_other",
                "language",
                "interpreter_needed",
                "access_needs",
            ),
        ),
        Step(
            "contacting-the-family-safely",
            "Contacting the family safely",
            ("email", "phone", "safe_contact", "preferred_contact", "contact_times"),
        ),
    ),
}
# Answers given only after choosing "Other": shown with that answer on the check page.
CONDITIONAL_FIELDS = {
    "relationship_other": ("relationship", Relationship.OTHER),
    "session_location_other": ("session_location", SessionLocation.OTHER),
}


def referral_steps(kind):
    return REFERRAL_STEPS[
        ReferralKind.PROFESSIONAL if kind == ReferralKind.PROFESSIONAL else ReferralKind.SELF
    ]


SELF_WORDING = Wording(
    they="you",
    field_text={
        "contact_name": {"required": "Enter your full name"},
        "child_first_name": {"required": "Enter your child's first name"},
        "what_to_change": {"required": "Tell us what you would like to change"},
        "email": {"hint": "Give us an email address, a phone number or both"},
    },
)
PROFESSIONAL_WORDING = Wording(
    they="the family",
    field_text={
        "professional_name": {"label": "Your full name", "required": "Enter your full name"},
        "professional_role": {"label": "Your job title", "required": "Enter your job title"},
        "professional_organisation": {
            "label": "Your organisation",
            "required": "Enter your organisation",
        },
        "professional_email": {
            "label": "Your work email address",
            "required": "Enter your work email address",
        },
        "contact_name": {
            "label": "The parent or carer's full name",
            "required": "Enter the parent or carer's full name",
        },
        "relationship": {
            "label": "Their relationship to the child",
            "required": "Select the parent or carer's relationship to the child",
        },
        "relationship_other": {"label": "Describe their relationship to the child"},
        "child_first_name": {
            "label": "The child's first name",
            "required": "Enter the child's first name",
        },
        "child_date_of_birth": {"label": "The child's date of birth"},
        "school_or_nursery": {"label": "The child's school or nursery (optional)"},
        "what_to_change": {
            "label": "What would the family like to change?",
            "hint": "In the family's words if you can: for example, how the parent and child "
            "talk or play together. A few sentences is enough. You can use up to 2,000 "
            "characters",
            "required": "Tell us what the family would like to change",
        },
        "other_services": {
            "label": "Other services working with the family (optional)",
            "hint": "For example, a social worker or family support worker",
        },
        "session_location": {
            "label": "Where would sessions suit the family best?",
            "required": "Select where sessions would suit the family best",
        },
        "session_location_other": {"label": "Where would suit the family?"},
        "language": {"label": "The family's preferred language (optional)"},
        "interpreter_needed": {"label": "The family will need an interpreter"},
        "access_needs": {
            "label": "The family's access needs (optional)",
            "hint": "Anything that would make it easier for the family to take part",
        },
        "postcode": {
            "label": "The family's postcode",
            "hint": "Where the family lives. We use it to check we cover their area",
            "required": "Enter the family's postcode",
        },
        "email": {
            "label": "The parent or carer's email address (optional)",
            "hint": "Give the family's email address, a phone number or both",
        },
        "phone": {"label": "The parent or carer's phone number (optional)"},
        "safe_contact": {
            "label": "Which of these is it safe for us to do when we contact the family?",
            "hint": "Tick every one that is safe. We will only contact the family in the ways "
            "you tick.",
            "required": "Tick at least one way it is safe for us to contact the family",
        },
        "preferred_contact": {
            "label": "How would the family prefer us to contact them? (optional)",
        },
        "contact_times": {
            "label": "When is best to contact the family? (optional)",
            "hint": "For example, weekday mornings",
        },
    },
)


class ReferralForm(SafeContactForm):
    """A referral from a parent or carer, or from a professional on the family's behalf.

    `step` (a Step) limits the form to one question page; without it the form holds every
    question of the route, in page order, as checked again when the referral is sent.
    """

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
        "Describe your relationship to the child", 100, hint="For example, aunt"
    )
    contact_times = text(
        "When is best to contact you? (optional)",
        200,
        hint="For example, weekday mornings",
    )
    postcode = PostcodeField(
        label="Your postcode",
        max_length=10,
        required=True,
        help_text="We use it to check we cover your area",
        widget=forms.TextInput(
            attrs={
                "class": "input input--width-10",
                "autocomplete": "postal-code",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter your postcode"},
    )

    # The child.
    child_first_name = text("Your child's first name", 60, required=True, spellcheck="false")
    child_date_of_birth = ChildDateOfBirthField(
        label="Your child's date of birth", help_text="For example, 27 3 2019"
    )
    school_or_nursery = text("Your child's school or nursery (optional)", 150)

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
    session_location_other = text("Where would suit you?", 150)
    other_services = textarea(
        "Other services working with your family (optional)",
        1000,
        hint="For example, a social worker, health visitor or family support worker",
    )
    language = text("Your preferred language (optional)", 60, hint="If it is not English")
    interpreter_needed = checkbox("We will need an interpreter")
    access_needs = textarea(
        "Access needs (optional)",
        1000,
        hint="Anything that would make it easier for you to take part",
    )

    family_agrees = checkbox(
        "The family knows about this referral and agrees to it",
        error="Confirm that the family knows about this referral and agrees to it",
    )

    PROFESSIONAL_FIELDS = [
        "professional_name",
        "professional_role",
        "professional_organisation",
        "professional_email",
        "professional_phone",
        "family_agrees",
    ]
    PROFESSIONAL_REQUIRED = [
        "professional_name",
        "professional_role",
        "professional_organisation",
        "professional_email",
    ]

    def __init__(self, *args, kind=ReferralKind.SELF, step=None, spam_checks=None, **kwargs):
        if spam_checks is None:
            spam_checks = step is None  # spam checks apply when the whole referral is sent
        steps = referral_steps(kind) if step is None else (step,)
        # Only the fields asked here, in the order asked, are copied for this form (Django
        # copies every field of the class for each form: a question page asks a few).
        every_field = type(self).base_fields
        self.base_fields = {name: every_field[name] for each in steps for name in each.fields}
        super().__init__(*args, spam_checks=False, **kwargs)
        self.kind = kind
        professional = kind == ReferralKind.PROFESSIONAL
        self.wording = PROFESSIONAL_WORDING if professional else SELF_WORDING
        if professional:
            for name in self.PROFESSIONAL_REQUIRED:
                if name in self.fields:
                    self.fields[name].required = True
            for name in ("contact_name", "email", "phone", "postcode"):
                if name in self.fields:
                    # The family's details: not the professional's own to autofill.
                    self.fields[name].widget.attrs["autocomplete"] = "off"
        self.wording.apply(self)
        if spam_checks:
            self.add_spam_checks()

    def clean(self):
        data = super().clean()
        they = self.wording.they
        if (
            "relationship_other" in self.fields
            and data.get("relationship") == Relationship.OTHER
            and not data.get("relationship_other")
        ):
            self.add_error(
                "relationship_other",
                "Tell us your relationship to the child"
                if they == "you"
                else "Tell us the parent or carer's relationship to the child",
            )
        if (
            "session_location_other" in self.fields
            and data.get("session_location") == SessionLocation.OTHER
            and not data.get("session_location_other")
        ):
            self.add_error("session_location_other", f"Tell us where else would suit {they}")
        return data

    def data_for_saving(self):
        data = super().data_for_saving()
        if data.get("relationship") != Relationship.OTHER:
            data["relationship_other"] = ""
        if data.get("session_location") != SessionLocation.OTHER:
            data["session_location_other"] = ""
        return data


class EnquiryForm(SafeContactForm):
    """A question, with a way to reply and the same safe-contact questions as a referral."""

    name = text("Your name", 100, required=True, autocomplete="name", spellcheck="false")
    question = textarea(
        "Your question",
        2000,
        required=True,
        hint="You can use up to 2,000 characters",
    )

    field_order = ["name", "email", "phone", "safe_contact", "preferred_contact", "question"]
    wording = Wording(they="you", field_text={}, reach="reply to you")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter your name"
        self.fields["question"].error_messages["required"] = "Enter your question"
        self.fields[
            "safe_contact"
        ].help_text = "Tick every one that is safe. We will only reply in the ways you tick."
        self.fields["safe_contact"].error_messages["required"] = (
            "Tick at least one way it is safe for us to reply to you"
        )
        self.fields["preferred_contact"].label = "How would you prefer us to reply? (optional)"
