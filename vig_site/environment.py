"""Reading settings from the environment: true or false, whole numbers, lists, and the passkeys'
relying party for the site's address (vig_site.settings)."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def webauthn_party(base_url):
    """The passkeys' relying party id and allowed origins for the site at `base_url`."""
    address = urlsplit(base_url)
    if address.scheme == "https" or address.hostname == "localhost":
        return address.hostname, [f"{address.scheme}://{address.netloc}"]
    port = f":{address.port}" if address.port else ""
    return "localhost", [f"http://localhost{port}"]
