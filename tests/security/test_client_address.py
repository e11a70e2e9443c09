"""Who the client is, behind our own proxies and in front of everyone else's headers."""

import pytest
from django.test import RequestFactory

from vig_site.client_address import client_address, parse_trusted_proxies

PROXIES = "10.0.0.0/8, 192.0.2.1"


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = PROXIES
    settings.TRUSTED_PROXY_NETWORKS = parse_trusted_proxies(PROXIES)


def request(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_a_forged_header_from_an_untrusted_address_changes_nothing(proxies):
    assert client_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_our_proxy_the_client_is_the_right_most_untrusted_address(proxies):
    # The visitor forged the first entry; our load balancer and our proxy appended theirs.
    forwarded = "198.51.100.66, 203.0.113.5, 10.1.2.3"
    assert client_address(request("10.0.0.2", forwarded)) == "203.0.113.5"


def test_a_malformed_entry_stops_the_walk(proxies):
    assert client_address(request("10.0.0.2", "203.0.113.5, not-an-ip, 10.1.2.3")) == "10.1.2.3"


def test_without_trusted_proxies_the_header_is_never_believed(settings):
    settings.TRUSTED_PROXY_NETWORKS = parse_trusted_proxies("none")
    assert client_address(request("10.0.0.2", "203.0.113.5")) == "10.0.0.2"


def test_ipv6_proxies_and_clients(settings):
    settings.TRUSTED_PROXY_NETWORKS = parse_trusted_proxies("2001:db8::/32")
    assert (
        client_address(request("2001:db8::1", "2001:db8:ffff::5, 2a00:1450::1")) == "2a00:1450::1"
    )
