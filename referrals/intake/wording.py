"""Words for the person a form talks to about the family: a parent or carer (about themselves),
or a professional (about the family). A form's labels, hints and "required" messages are
written once for a parent or carer; a Wording changes those a professional reads otherwise.
Every word is marked for translation (gettext_lazy: these are read in the visitor's language
when a page is drawn), and each sentence is whole, so a translator never has to fit a phrase
into another sentence.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Wording:
    """Words for the person the form talks to about the family: a parent or carer (about
    themselves), or a professional (about the family)."""

    they: str  # "you" / "the family": whom the form is about (not shown; rules branch on it)
    field_text: dict  # field name -> {"label", "hint", "required"} overrides
    # The rules' messages (referrals.intake.rules), by rule: whole sentences for this reader.
    messages: dict = field(default_factory=dict)

    def apply(self, form):
        for name, text in self.field_text.items():
            if name not in form.fields:
                continue
            form_field = form.fields[name]
            if "label" in text:
                form_field.label = text["label"]
            if "hint" in text:
                form_field.help_text = text["hint"]
            if "required" in text:
                form_field.error_messages["required"] = text["required"]

    def message(self, rule):
        """The message of rule `rule` for this reader (a parent or carer's, by default)."""
        return self.messages.get(rule, SELF_MESSAGES[rule])


# The rules' messages for a parent or carer (referrals.intake.rules), by rule.
SELF_MESSAGES = {
    "contact_details_given": _("Enter an email address or a phone number so we can contact you"),
    "safe_way_fits_the_details": _(
        "Tick a safe way for us to contact you that matches the details you gave"
    ),
    "preferred_way_is_safe": _("Choose a way you ticked as safe, or leave this question blank"),
    "preferred_email_has_an_address": _("Enter an email address, or choose another way"),
    "preferred_phone_has_a_number": _("Enter a phone number, or choose another way"),
    "other_relationship_described": _("Tell us your relationship to the child"),
    "other_place_named": _("Tell us where else would suit you"),
}


SELF_WORDING = Wording(
    they="you",
    field_text={
        "contact_name": {"required": _("Enter your full name")},
        "child_first_name": {"required": _("Enter your child's first name")},
        "what_to_change": {"required": _("Tell us what you would like to change")},
        "email": {"hint": _("Give us an email address, a phone number or both")},
    },
)
PROFESSIONAL_WORDING = Wording(
    they="the family",
    messages={
        "contact_details_given": _(
            "Enter an email address or a phone number so we can contact the family"
        ),
        "safe_way_fits_the_details": _(
            "Tick a safe way for us to contact the family that matches the details you gave"
        ),
        "preferred_way_is_safe": _(
            "Choose a way you ticked as safe for the family, or leave this question blank"
        ),
        "other_relationship_described": _(
            "Tell us the parent or carer's relationship to the child"
        ),
        "other_place_named": _("Tell us where else would suit the family"),
    },
    field_text={
        "professional_name": {"label": _("Your full name"), "required": _("Enter your full name")},
        "professional_role": {"label": _("Your job title"), "required": _("Enter your job title")},
        "professional_organisation": {
            "label": _("Your organisation"),
            "required": _("Enter your organisation"),
        },
        "professional_email": {
            "label": _("Your work email address"),
            "required": _("Enter your work email address"),
        },
        "contact_name": {
            "label": _("The parent or carer's full name"),
            "required": _("Enter the parent or carer's full name"),
        },
        "relationship": {
            "label": _("Their relationship to the child"),
            "required": _("Select the parent or carer's relationship to the child"),
        },
        "relationship_other": {"label": _("Describe their relationship to the child")},
        "child_first_name": {
            "label": _("The child's first name"),
            "required": _("Enter the child's first name"),
        },
        "child_date_of_birth": {"label": _("The child's date of birth")},
        "school_or_nursery": {"label": _("The child's school or nursery (optional)")},
        "what_to_change": {
            "label": _("What would the family like to change?"),
            "hint": _(
                "In the family's words if you can: for example, how the parent and child "
                "talk or play together. A few sentences is enough. You can use up to 2,000 "
                "characters"
            ),
            "required": _("Tell us what the family would like to change"),
        },
        "other_services": {
            "label": _("Other services working with the family (optional)"),
            "hint": _("For example, a social worker or family support worker"),
        },
        "session_location": {
            "label": _("Where would sessions suit the family best?"),
            "required": _("Select where sessions would suit the family best"),
        },
        "session_location_other": {"label": _("Where would suit the family?")},
        "language": {"label": _("The family's preferred language (optional)")},
        "interpreter_needed": {"label": _("The family will need an interpreter")},
        "access_needs": {
            "label": _("The family's access needs (optional)"),
            "hint": _("Anything that would make it easier for the family to take part"),
        },
        "postcode": {
            "label": _("The family's postcode"),
            "hint": _("Where the family lives. We use it to check we cover their area"),
            "required": _("Enter the family's postcode"),
        },
        "email": {
            "label": _("The parent or carer's email address (optional)"),
            "hint": _("Give the family's email address, a phone number or both"),
        },
        "phone": {"label": _("The parent or carer's phone number (optional)")},
        "safe_contact": {
            "label": _("Which of these is it safe for us to do when we contact the family?"),
            "hint": _(
                "Tick every one that is safe. We will only contact the family in the ways you tick."
            ),
            "required": _("Tick at least one way it is safe for us to contact the family"),
        },
        "may_name_team": {
            "label": _(
                "Can we say who we are when we text the family or leave them a voicemail? "
                "(optional)"
            ),
            "hint": _(
                "Answer this if you ticked text message or voicemail. If the family chose "
                "no, or you leave it blank, our texts and voicemails will never name the team or "
                "the council."
            ),
        },
        "preferred_contact": {
            "label": _("How would the family prefer us to contact them? (optional)"),
        },
        "contact_times": {
            "label": _("When is best to contact the family? (optional)"),
            "hint": _("For example, weekday mornings"),
        },
    },
)
# The enquiry: a question from someone about themselves; we reply to them.
ENQUIRY_WORDING = Wording(
    they="you",
    field_text={},
    messages={
        "contact_details_given": _(
            "Enter an email address or a phone number so we can reply to you"
        ),
    },
)
