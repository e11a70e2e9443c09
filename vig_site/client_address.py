"""The address of the person making a request, behind our own reverse proxies.

Behind a proxy REMOTE_ADDR is the proxy's, so one limit would be shared by the whole public
(the submission rate limit) or the whole office (the sign-in throttle). The proxy adds the
address it saw to X-Forwarded-For, but anyone can send that header, so it is believed only
from a proxy we run: when the connection comes from an address in TRUSTED_PROXIES, the client
is the right-most address in X-Forwarded-For that is not one of our proxies (each proxy
appends what it saw; everything left of our proxies' entries may be forged). Otherwise it is
REMOTE_ADDR, whatever the header says.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CACHE_ATTR = "_vig_client_address"


def parse_trusted_proxies(value):
    """'10.0.0.0/8, 192.0.2.1' -> networks; 'none' or '' -> none. Raises on a bad entry."""
    text = (value or "").strip()
    if text.lower() in ("", "none"):
        return ()
    networks = []
    for entry in text.split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an address or a CIDR range"
            ) from error
    return tuple(networks)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_address(request):
    """The client's IP address as text ('' when there is none)."""
    cached = getattr(request, CACHE_ATTR, None)
    if cached is not None:
        return cached
    networks = settings.TRUSTED_PROXY_NETWORKS
    remote = request.META.get("REMOTE_ADDR", "")
    client = remote
    if _is_trusted(_address(remote), networks):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for entry in reversed(forwarded):
            address = _address(entry)
            if address is None:
                break  # a malformed entry: nothing left of it can be believed
            client = str(address)
            if not _is_trusted(address, networks):
                break
    setattr(request, CACHE_ATTR, client)
    return client
