"""Which ways a message may reach a family: the one rule every message to a family reads (its
confirmation, each session's reminder), from the family's own safe-contact answers.

A text needs text to be safe and a UK mobile number; an email needs email to be safe and an
address. Where both are possible the family's preferred way is used, and both are used only when
they prefer neither (a phone call, or no preference). Nothing is sent where neither is possible.
"""

from home.validators import is_uk_mobile
from referrals.models import Channel, ContactMethod


def can_email(case):
    return bool(case.safe_to_email and case.email)


def can_text(case):
    return bool(case.safe_to_text and case.phone and is_uk_mobile(case.phone))


def family_channels(case):
    """The channels a message to the family about `case` goes by, in order: () for none."""
    email, text = can_email(case), can_text(case)
    if email and text:
        preferred = case.preferred_contact
        if preferred == ContactMethod.EMAIL:
            return (Channel.EMAIL,)
        if preferred == ContactMethod.TEXT:
            return (Channel.TEXT,)
        return (Channel.EMAIL, Channel.TEXT)
    if email:
        return (Channel.EMAIL,)
    if text:
        return (Channel.TEXT,)
    return ()
