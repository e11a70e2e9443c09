"""Which ways a message may reach a family (referrals.cases.safe_contact.family_channels)."""

import pytest

from referrals.cases.safe_contact import family_channels
from referrals.models import Channel, ContactMethod, Referral

MOBILE = "+447911123456"
LANDLINE = "+441506282948"


def family(**answers):
    defaults = {
        "email": "parent@example.com",
        "phone": MOBILE,
        "safe_to_email": False,
        "safe_to_text": False,
        "preferred_contact": "",
    }
    return Referral(**{**defaults, **answers})


def test_a_family_for_whom_only_a_text_is_safe_gets_a_text_and_no_email():
    assert family_channels(family(safe_to_text=True)) == (Channel.TEXT,)


def test_no_text_when_text_is_not_safe_even_to_a_mobile():
    assert family_channels(family(safe_to_email=True)) == (Channel.EMAIL,)


def test_no_text_to_a_landline():
    assert family_channels(family(safe_to_text=True, phone=LANDLINE)) == ()


def test_no_email_without_an_address_even_when_email_is_safe():
    case = family(safe_to_email=True, safe_to_text=True, email="")
    assert family_channels(case) == (Channel.TEXT,)


def test_nothing_is_sent_where_neither_text_nor_email_is_safe():
    assert family_channels(family(safe_to_email=False, safe_to_text=False)) == ()


@pytest.mark.parametrize(
    ("preferred", "expected"),
    [
        (ContactMethod.EMAIL, (Channel.EMAIL,)),
        (ContactMethod.TEXT, (Channel.TEXT,)),
        (ContactMethod.PHONE, (Channel.EMAIL, Channel.TEXT)),
        ("", (Channel.EMAIL, Channel.TEXT)),
    ],
)
def test_where_both_are_safe_the_preferred_way_is_used_and_both_only_when_neither_is_preferred(
    preferred, expected
):
    case = family(safe_to_email=True, safe_to_text=True, preferred_contact=preferred)
    assert family_channels(case) == expected
