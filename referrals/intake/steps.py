"""The referral's question pages: one table of which questions each page asks, for each route
(a parent or carer, or a professional). The forms, the journey's views, the templates and the
check-your-answers page all read it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from referrals.models import ReferralKind, Relationship, SessionLocation


@dataclass(frozen=True)
class Step:
    """One question page of the referral: a topic and the questions asked on it."""

    slug: str  # its address under the form page, e.g. /refer/about-you/
    title: str  # the page's heading (lazily translated)
    fields: tuple  # the form's fields asked on this page, in page order


# The referral's question pages, one description per route: the views, the templates and the
# check-your-answers page all read these. A field asked "if you chose Other" sits on the same
# page as its question (CONDITIONAL_FIELDS).
REFERRAL_STEPS = {
    ReferralKind.SELF: (
        Step(
            "about-you",
            _("About you"),
            ("contact_name", "relationship", "relationship_other", "postcode"),
        ),
        Step(
            "your-child",
            _("Your child"),
            ("child_first_name", "child_date_of_birth", "school_or_nursery"),
        ),
        Step(
            "what-you-would-like-to-change",
            _("What you would like to change"),
            ("what_to_change", "other_services"),
        ),
        Step(
            "your-sessions",
            _("Your sessions"),
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
            _("Contacting you safely"),
            (
                "email",
                "phone",
                "safe_contact",
                "may_name_team",
                "preferred_contact",
                "contact_times",
            ),
        ),
    ),
    ReferralKind.PROFESSIONAL: (
        Step(
            "about-you",
            _("About you"),
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
            _("The parent or carer"),
            ("contact_name", "relationship", "relationship_other", "postcode", "family_agrees"),
        ),
        Step(
            "the-child",
            _("The child"),
            ("child_first_name", "child_date_of_birth", "school_or_nursery"),
        ),
        Step(
            "what-the-family-would-like-to-change",
            _("What the family would like to change"),
            ("what_to_change", "other_services"),
        ),
        Step(
            "the-familys-sessions",
            _("The family's sessions"),
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
            _("Contacting the family safely"),
            (
                "email",
                "phone",
                "safe_contact",
                "may_name_team",
                "preferred_contact",
                "contact_times",
            ),
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
