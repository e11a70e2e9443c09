"""The reference of a case just sent reaches its confirmation page in a cookie whose value any
cookie parser reads the same: only RFC 6265 cookie-octets, so nothing is quoted or escaped
(a quoted JSON list with commas was split or refused by strict parsers)."""

import re

import pytest

from referrals.models import Enquiry, Referral
from tests.intake_journey import send_referral

pytestmark = pytest.mark.django_db

# cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: no space, quote, comma,
# semicolon or backslash (RFC 6265, section 4.1.1).
COOKIE_OCTETS = re.compile(r"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+")


def confirmation_cookie(response):
    """The confirmation cookie's value exactly as the Set-Cookie header carries it."""
    [name] = [name for name in response.cookies if name.startswith("vig-confirmation-")]
    header = response.cookies[name].OutputString()
    return header.split(";", 1)[0].removeprefix(f"{name}=")


def test_a_referral_s_confirmation_cookie_is_made_of_cookie_octets_only(
    client, refer_url, referral_data
):
    sent = send_referral(client, refer_url, referral_data)
    assert sent.status_code == 302
    value = confirmation_cookie(sent)
    assert COOKIE_OCTETS.fullmatch(value), value
    html = client.get(sent["Location"]).content.decode()
    assert Referral.objects.get().reference in html


def test_an_enquiry_s_confirmation_cookie_is_made_of_cookie_octets_only(
    client, enquiry_url, enquiry_data
):
    sent = client.post(enquiry_url, enquiry_data)
    assert sent.status_code == 302
    value = confirmation_cookie(sent)
    assert COOKIE_OCTETS.fullmatch(value), value
    html = client.get(sent["Location"]).content.decode()
    assert Enquiry.objects.get().reference in html


def test_the_cookie_is_read_as_a_strict_browser_sends_it_back(client, refer_url, referral_data):
    """A browser sends the value back byte for byte, in a Cookie header of its own."""
    sent = send_referral(client, refer_url, referral_data)
    name = next(name for name in sent.cookies if name.startswith("vig-confirmation-"))
    value = confirmation_cookie(sent)
    client.cookies.clear()
    html = client.get(sent["Location"], headers={"Cookie": f"{name}={value}"})
    assert Referral.objects.get().reference in html.content.decode()
