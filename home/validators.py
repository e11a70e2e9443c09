"""UK phone numbers, checked once for the whole site: the team's number in the settings and the
numbers families give on the forms (referrals.intake.validators) are read by the same rule."""

import re

import phonenumbers
from django.core.exceptions import ValidationError

# Phone numbers in these regions are dialled from the UK with +44 (Channel Islands, Isle of Man).
UK_REGIONS = {"GB", "GG", "JE", "IM"}
PHONE_MESSAGE = "Enter a UK phone number, like 01506 282948 or 07123 456 789"
_PHONE_CHARACTERS = re.compile(r"[0-9+()\-.\s]+")
# A UK number as people write it (01506 282948, 0800 123 4567, +44 1506 282948), with Relay
# UK's 18001 before it or not; and 999. Not inside a word or a longer number.
PHONE_NUMBER = re.compile(
    r"(?<![\w+])(?:(?:18001\s?)?(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}"
    r"|999)(?![\w])"
)


def parse_uk_phone(value, message=PHONE_MESSAGE):
    """The number `value` writes, as a phonenumbers object; ValidationError unless it is a real
    UK number (digits, spaces, brackets, dots, dashes and a leading +44 only)."""
    text = (value or "").strip()
    if len(text) > 30 or not _PHONE_CHARACTERS.fullmatch(text):
        raise ValidationError(message, code="invalid_phone")
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(message, code="invalid_phone") from exc
    if (
        not phonenumbers.is_valid_number(number)
        or phonenumbers.region_code_for_number(number) not in UK_REGIONS
    ):
        raise ValidationError(message, code="invalid_phone")
    return number


def validate_uk_phone(value):
    """A model field's validator: the team's number must be one a parent can ring."""
    parse_uk_phone(value)


def uk_phone_href(value):
    """'01506 282948' -> 'tel:+441506282948'; '' for anything that is not a UK number."""
    try:
        number = parse_uk_phone(value)
    except ValidationError:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def uk_phone_national(value):
    """'+44 (0)1506 282948' -> '01506 282948' (ValidationError unless a UK number)."""
    number = parse_uk_phone(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def is_uk_mobile(value):
    """True for a UK mobile number (07…, +447…), the only numbers we send texts to."""
    try:
        number = parse_uk_phone(value)
    except ValidationError:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
