"""Words for the person a form talks to about the family: a parent or carer (about themselves),
or a professional (about the family). A form's labels, hints and "required" messages are
written once for a parent or carer; a Wording changes those a professional reads otherwise.
"""

from dataclasses import dataclass


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
        "may_name_team": {
            "label": "Can we say who we are when we text the family or leave them a voicemail? "
            "(optional)",
            "hint": "Answer this if you ticked text message or voicemail. If the family chose "
            "no, or you leave it blank, our texts and voicemails will never name the team or "
            "the council.",
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
