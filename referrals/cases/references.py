"""Non-guessable case references such as VIG-7KQ3-M9XD.

Eight characters of Crockford base32 (no I, L, O or U, so nothing is misread on the phone)
from `secrets`: 32**8, about 10**12 possibilities.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "VIG"
REFERENCE_RE = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
# Crockford decoding: people may type O for 0 and I or L for 1.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_reference():
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}"


def discreet_reference(reference):
    """A reference without its service prefix ('7KQ3-M9XD'), for a text someone else may read:
    the prefix names the service. normalise_reference reads it back to the whole reference, so
    the team finds the case from it."""
    return reference.removeprefix(f"{PREFIX}-")


def normalise_reference(text):
    """Turn what a person typed ('vig 7kq3 m9xd') into the stored form, or return ''."""
    compact = re.sub(r"[\s-]", "", (text or "").upper())
    # Drop the prefix before reading O as 0 and I as 1: "VIG" itself contains an I.
    compact = compact.removeprefix(PREFIX).translate(_READ_AS)
    candidate = f"{PREFIX}-{compact[:4]}-{compact[4:]}"
    return candidate if len(compact) == 8 and REFERENCE_RE.match(candidate) else ""
