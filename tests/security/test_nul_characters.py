"""A NUL character in an address is refused with the "could not read" page, never a server error.

PostgreSQL refuses NUL in a string, so a search box, a list filter or a page path that handed one
to a query answered 500 (the audit: `?status__exact=%00` on the queue). Every admin screen that
takes no arguments is walked, with NUL in the search, a filter, the ordering and the page number.
"""

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

FAILWHALE = "wagtailadmin_error_test"
NUL_QUERY = "?q=%00&status__exact=%00&o=%00&p=%00&kind=%00"


def admin_addresses():
    names = set()

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern, inner)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver())
    addresses = set()
    for name in names:
        try:
            address = reverse(name)
        except NoReverseMatch:
            continue  # takes arguments
        # Wagtail's failwhale/ raises on purpose, to test the error page.
        if address.startswith("/admin/") and name not in ("wagtailadmin_logout", FAILWHALE):
            addresses.add(address)
    return sorted(addresses)


def test_the_walk_reaches_the_queue_and_its_searches():
    addresses = admin_addresses()
    assert "/admin/referrals/referral/" in addresses
    assert "/admin/users/" in addresses
    assert len(addresses) > 40


@pytest.mark.postgres
def test_no_admin_screen_answers_500_to_a_nul_in_its_query(admin_client, site):
    failures = []
    for address in admin_addresses():
        status = admin_client.get(address + NUL_QUERY).status_code
        if status >= 500:
            failures.append((address, status))
    assert failures == []


@pytest.mark.postgres
@pytest.mark.parametrize(
    "address",
    [
        "/?q=%00",
        "/privacy/?page=%00",
        "/privacy%00/",
        "/%00",
        "/openreferral/services/%00",
        "/openreferral/services?page=%00",
        "/sitemap.xml?p=%00",
        "/notify/delivery-receipts/?id=%00",  # POST only, with a bearer token
    ],
)
def test_a_public_address_with_a_nul_is_answered_without_a_server_error(client, site, address):
    assert client.get(address).status_code < 500
