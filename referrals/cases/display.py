"""How staff members, ages and phone numbers are written wherever a case is shown: lists, case
pages, history, exports and messages. One place, so every screen says it the same way."""

import phonenumbers
from django.utils.html import format_html, format_html_join

UK_COUNTRY_CODE = 44


def display_name(user, *, nobody=""):
    """A staff member's full name, or their username when they have none; `nobody` for None."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()


def age_text(days):
    """How long ago a case arrived: 'today', '1 day ago', '12 days ago'."""
    if days == 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def _parse_phone(value):
    try:
        return phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return None


def phone_text(value):
    """A stored phone number ('+447911123456') as staff dial it: '07911 123456', '0131 234 5678'.

    Numbers outside the UK keep their international form; anything that is not a number
    (empty, or removed under the retention policy) comes back unchanged.
    """
    number = _parse_phone(value) if value else None
    if number is None:
        return value
    national = number.country_code == UK_COUNTRY_CODE
    return phonenumbers.format_number(
        number,
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    )


def phone_link(value, *, safe_to_phone=True):
    """A stored phone number on a staff screen: national format as a tel: link, so a work phone
    or softphone dials it. Where the family said a call is not safe, there is no link to
    press by mistake and the number says so."""
    number = _parse_phone(value) if value else None
    if number is None:
        return value
    if not safe_to_phone:
        return format_html("{} <strong>(not safe to phone)</strong>", phone_text(value))
    dial = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return format_html('<a href="tel:{}">{}</a>', dial, phone_text(value))


OVERDUE = "Overdue"  # the flag that stands out


def flag_tags(labels):
    """A case's flags, in the list and on its page. Overdue comes first and stands out (solid
    red, its name written out); the others are Wagtail's pale labels."""
    tags = [
        format_html('<strong class="triage-overdue">{}</strong>', label)
        for label in labels
        if label == OVERDUE
    ]
    tags += [
        format_html('<span class="w-status w-status--label">{}</span>', label)
        for label in labels
        if label != OVERDUE
    ]
    return format_html_join(" ", "{}", ((tag,) for tag in tags))
