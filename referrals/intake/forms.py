"""The public referral and enquiry forms. Forms validate; services save.

Fixed Django forms mapped to our models (not Wagtail's form builder): triage needs structured
data. The fields come from the field library (referrals.intake.fields), a referral's question
pages from the step table (referrals.intake.steps), the words a professional reads from
referrals.intake.wording and the checks across answers from referrals.intake.rules. Values are
kept when there are errors.
"""

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from referrals.intake.fields import (
    PHONE_HINT,
    ChildDateOfBirthField,
    PostcodeField,
    checkbox,
    email_input,
    phone_input,
    radios,
    text,
    textarea,
)
from referrals.intake.rules import REFERRAL_RULES, SAFE_CONTACT_RULES, may_name_team_is_asked
from referrals.intake.spam import HONEYPOT_FIELD, RecaptchaV3Field
from referrals.intake.steps import referral_steps
from referrals.intake.validators import DATE_PARTS
from referrals.intake.wording import ENQUIRY_WORDING, PROFESSIONAL_WORDING, SELF_WORDING
from referrals.models import ContactMethod, ReferralKind, Relationship, SessionLocation

SAFE_CONTACT_CHOICES = [
    ("email", _("Email")),
    ("text", _("Text message")),
    ("phone", _("Phone call")),
    ("voicemail", _("Leaving a voicemail message")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


SPAM_FIELDS = (HONEYPOT_FIELD, "recaptcha")


class IntakeForm(forms.Form):
    """What the public forms share: GOV.UK conventions, the honeypot and reCAPTCHA.

    `spam_checks=False` leaves out the honeypot and reCAPTCHA: a referral's question pages
    have none; they apply when the whole referral is sent from the check page.
    """

    use_required_attribute = False
    rules = ()  # the form's rules across answers (referrals.intake.rules), checked in order

    def __init__(self, *args, checked=True, spam_checks=True, **kwargs):
        super().__init__(*args, **kwargs)
        # An unchecked form shows what was typed without judging it (when the rate limit says
        # "please phone us" there is nothing to correct).
        self.checked = checked
        if not checked:
            self.cleaned_data = {}
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

    @property
    def errors(self):
        """An unchecked form has none: it shows what was typed without judging it (and its
        fields are never cleaned, so no reCAPTCHA is asked about it)."""
        if not self.checked:
            return ErrorDict(renderer=self.renderer)
        return super().errors

    def clean(self):
        data = super().clean()
        for rule in self.rules:
            rule.check(self, self.cleaned_data)  # as it stands after the rules before it
        return data

    def error_anchor(self, name):
        """The id the error summary links to for field `name`: the first input of a group."""
        field = self.fields[name]
        if isinstance(field, ChildDateOfBirthField):
            parts = getattr(field, "error_parts", ()) or DATE_PARTS
            return f"{self[name].auto_id}_{DATE_PARTS.index(parts[0])}"
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


class SafeContactForm(IntakeForm):
    """A way to contact the person, which ways are safe, and which they prefer.

    The preferred way must be one marked safe; the details given must match a safe way.
    """

    email = email_input(_("Your email address (optional)"))
    phone = phone_input(_("Your phone number (optional)"), hint=PHONE_HINT)
    safe_contact = forms.MultipleChoiceField(
        label=_("Which of these is it safe for us to do?"),
        choices=SAFE_CONTACT_CHOICES,
        required=True,
        help_text=_("Tick every one that is safe. We will only contact you in the ways you tick."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkboxes__input"}),
        error_messages={"required": _("Tick at least one way it is safe for us to contact you")},
    )
    # Asked on the same page for everyone (no JavaScript needed); it counts only where a text
    # or a voicemail is ticked as safe (rules.may_name_team_is_asked). Not answered: no.
    may_name_team = radios(
        _("Can we say who we are in a text or voicemail? (optional)"),
        YES_NO,
        required=False,
        hint=_(
            "Answer this if you ticked text message or voicemail. If you choose no, or leave "
            "it blank, our texts and voicemails will never name the team or the council."
        ),
    )
    preferred_contact = radios(
        _("How would you prefer us to contact you? (optional)"),
        ContactMethod.choices,
        required=False,
    )

    wording = SELF_WORDING
    rules = SAFE_CONTACT_RULES

    def clean(self):
        data = super().clean()
        if "may_name_team" in data and not may_name_team_is_asked(data.get("safe_contact")):
            data["may_name_team"] = ""  # neither a text nor a voicemail: nothing to say it in
        return data

    def data_for_saving(self):
        data = super().data_for_saving()
        safe = set(data.pop("safe_contact", []))
        data.update(
            safe_to_email="email" in safe,
            safe_to_text="text" in safe,
            safe_to_phone="phone" in safe,
            safe_to_voicemail="voicemail" in safe,
            may_name_team=data.get("may_name_team") == "yes" and may_name_team_is_asked(safe),
        )
        return data


class ReferralForm(SafeContactForm):
    """A referral from a parent or carer, or from a professional on the family's behalf.

    `step` (a Step) limits the form to one question page; without it the form holds every
    question of the route, in page order, as checked again when the referral is sent.
    """

    # The professional (professional referrals only; removed from self-referrals).
    professional_name = text(_("Your full name"), 100, autocomplete="name", spellcheck="false")
    professional_role = text(
        _("Your job title"),
        100,
        hint=_("For example, health visitor or teacher"),
        autocomplete="organization-title",
    )
    professional_organisation = text(
        _("Your organisation"),
        150,
        hint=_("For example, the school or health centre"),
        autocomplete="organization",
    )
    professional_email = email_input(
        _("Your work email address"),
        hint=_("We will send the referral reference here"),
        autocomplete="work email",
    )
    professional_phone = phone_input(
        _("Your work phone number (optional)"), autocomplete="work tel"
    )

    # The parent or carer.
    contact_name = text(
        _("Your full name"), 100, required=True, autocomplete="name", spellcheck="false"
    )
    relationship = radios(
        _("Your relationship to the child"),
        Relationship.choices,
        error=_("Select your relationship to the child"),
    )
    relationship_other = text(
        _("Describe your relationship to the child"), 100, hint=_("For example, aunt")
    )
    contact_times = text(
        _("When is best to contact you? (optional)"),
        200,
        hint=_("For example, weekday mornings"),
    )
    postcode = PostcodeField(
        label=_("Your postcode"),
        max_length=10,
        required=True,
        help_text=_("We use it to check we cover your area"),
        widget=forms.TextInput(
            attrs={
                "class": "input input--width-10",
                "autocomplete": "postal-code",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter your postcode")},
    )

    # The child.
    child_first_name = text(_("Your child's first name"), 60, required=True, spellcheck="false")
    child_date_of_birth = ChildDateOfBirthField(
        label=_("Your child's date of birth"), help_text=_("For example, 27 3 2019")
    )
    school_or_nursery = text(_("Your child's school or nursery (optional)"), 150)

    # What they would like.
    what_to_change = textarea(
        _("What would you like to change?"),
        2000,
        required=True,
        hint=_(
            "For example, how you and your child talk or play together. A few sentences is "
            "enough. You can use up to 2,000 characters"
        ),
    )
    session_location = radios(
        _("Where would sessions suit you best?"),
        SessionLocation.choices,
        error=_("Select where sessions would suit you best"),
    )
    session_location_other = text(_("Where would suit you?"), 150)
    other_services = textarea(
        _("Other services working with your family (optional)"),
        1000,
        hint=_("For example, a social worker, health visitor or family support worker"),
    )
    language = text(_("Your preferred language (optional)"), 60, hint=_("If it is not English"))
    interpreter_needed = checkbox(_("We will need an interpreter"))
    access_needs = textarea(
        _("Access needs (optional)"),
        1000,
        hint=_("Anything that would make it easier for you to take part"),
    )

    family_agrees = checkbox(
        _("The family knows about this referral and agrees to it"),
        error=_("Confirm that the family knows about this referral and agrees to it"),
    )

    PROFESSIONAL_FIELDS = [
        "professional_name",
        "professional_role",
        "professional_organisation",
        "professional_email",
        "professional_phone",
        "family_agrees",
    ]
    rules = (*SAFE_CONTACT_RULES, *REFERRAL_RULES)
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

    def data_for_saving(self):
        data = super().data_for_saving()
        if data.get("relationship") != Relationship.OTHER:
            data["relationship_other"] = ""
        if data.get("session_location") != SessionLocation.OTHER:
            data["session_location_other"] = ""
        return data


class EnquiryForm(SafeContactForm):
    """A question, with a way to reply and the same safe-contact questions as a referral."""

    name = text(_("Your name"), 100, required=True, autocomplete="name", spellcheck="false")
    question = textarea(
        _("Your question"),
        2000,
        required=True,
        hint=_("You can use up to 2,000 characters"),
    )

    field_order = [
        "name",
        "email",
        "phone",
        "safe_contact",
        "may_name_team",
        "preferred_contact",
        "question",
    ]
    wording = ENQUIRY_WORDING

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter your name")
        self.fields["question"].error_messages["required"] = _("Enter your question")
        self.fields["safe_contact"].help_text = _(
            "Tick every one that is safe. We will only reply in the ways you tick."
        )
        self.fields["safe_contact"].error_messages["required"] = _(
            "Tick at least one way it is safe for us to reply to you"
        )
        self.fields["preferred_contact"].label = _("How would you prefer us to reply? (optional)")
