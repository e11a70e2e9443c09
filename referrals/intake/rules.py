"""The intake forms' rules across answers, one named rule each (the form's clean() runs them).

A rule says when the answers break it, where its message goes and what the message says, in
the words of the person the form talks to (referrals.intake.wording). The rules run in order
on cleaned_data as it stands: a field that already has an error is no longer in it, so a later
rule that needs that answer stays quiet, and a mistake gets one message, not two.
"""

from collections.abc import Callable
from dataclasses import dataclass

from referrals.models import ContactMethod, Relationship, SessionLocation

# Safe ways that need a phone number.
PHONE_WAYS = {"text", "phone", "voicemail"}
# Safe ways in which we could say who we are without the person there to hear it.
UNATTENDED_WAYS = {"text", "voicemail"}


def may_name_team_is_asked(safe_ways):
    """Whether "Can we say who we are in a text or voicemail?" counts: only where a text or a
    voicemail is among the ways ticked as safe. Elsewhere the answer is ignored and cleared
    (no text is sent and no voicemail left, so there is nothing for it to say)."""
    return bool(set(safe_ways or ()) & UNATTENDED_WAYS)


@dataclass(frozen=True)
class Rule:
    """When `broken(form, data)` is true, the form's wording's message for rule `name`
    (referrals.intake.wording) is shown at `field`."""

    name: str
    field: str
    broken: Callable

    def check(self, form, data):
        if self.broken(form, data):
            form.add_error(self.field, str(form.wording.message(self.name)))


# An email address or a phone number (one at least), when the page asks for both.
def no_way_to_reach_them(form, data):
    return "email" in data and "phone" in data and not (data["email"] or data["phone"])


CONTACT_DETAILS_GIVEN = Rule(
    name="contact_details_given",
    field="email",
    broken=no_way_to_reach_them,
)


# The ways ticked as safe include one that uses the details given (email for an email address;
# a text, a call or a voicemail for a phone number).
def no_safe_way_fits_the_details(form, data):
    safe = set(data.get("safe_contact") or [])
    email, phone = bool(data.get("email")), bool(data.get("phone"))
    fits = (email and "email" in safe) or (phone and bool(safe & PHONE_WAYS))
    return bool(safe) and (email or phone) and not fits


SAFE_WAY_FITS_THE_DETAILS = Rule(
    name="safe_way_fits_the_details",
    field="safe_contact",
    broken=no_safe_way_fits_the_details,
)


# The preferred way, if one is chosen, is one of those ticked as safe.
def preferred_way_not_safe(form, data):
    preferred = data.get("preferred_contact")
    return (
        bool(preferred) and "safe_contact" in data and preferred not in (data["safe_contact"] or [])
    )


PREFERRED_WAY_IS_SAFE = Rule(
    name="preferred_way_is_safe",
    field="preferred_contact",
    broken=preferred_way_not_safe,
)


# Email preferred: an email address was given.
def prefers_email_without_an_address(form, data):
    preferred = data.get("preferred_contact")
    return preferred == ContactMethod.EMAIL and "email" in data and not data["email"]


PREFERRED_EMAIL_HAS_AN_ADDRESS = Rule(
    name="preferred_email_has_an_address",
    field="preferred_contact",
    broken=prefers_email_without_an_address,
)


# A call or a text preferred: a phone number was given.
def prefers_phone_without_a_number(form, data):
    preferred = data.get("preferred_contact")
    return (
        preferred in (ContactMethod.PHONE, ContactMethod.TEXT)
        and "phone" in data
        and not data["phone"]
    )


PREFERRED_PHONE_HAS_A_NUMBER = Rule(
    name="preferred_phone_has_a_number",
    field="preferred_contact",
    broken=prefers_phone_without_a_number,
)


# "Other" relationship to the child: described.
def other_relationship_not_described(form, data):
    return (
        "relationship_other" in form.fields
        and data.get("relationship") == Relationship.OTHER
        and not data.get("relationship_other")
    )


OTHER_RELATIONSHIP_DESCRIBED = Rule(
    name="other_relationship_described",
    field="relationship_other",
    broken=other_relationship_not_described,
)


# "Other" place for sessions: said where.
def other_place_not_named(form, data):
    return (
        "session_location_other" in form.fields
        and data.get("session_location") == SessionLocation.OTHER
        and not data.get("session_location_other")
    )


OTHER_PLACE_NAMED = Rule(
    name="other_place_named",
    field="session_location_other",
    broken=other_place_not_named,
)


# How to reach the person safely (a referral's contact page, an enquiry).
SAFE_CONTACT_RULES = (
    CONTACT_DETAILS_GIVEN,
    SAFE_WAY_FITS_THE_DETAILS,
    PREFERRED_WAY_IS_SAFE,
    PREFERRED_EMAIL_HAS_AN_ADDRESS,
    PREFERRED_PHONE_HAS_A_NUMBER,
)
# A referral's own, after those.
REFERRAL_RULES = (OTHER_RELATIONSHIP_DESCRIBED, OTHER_PLACE_NAMED)
