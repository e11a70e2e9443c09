"""Services write: every change to referral data goes through one of these functions.

Keyword-only arguments, one transaction each, and each records its history.
"""

from .intake import *  # noqa: F403
from .intake import __all__ as _intake_all
from .triage import *  # noqa: F403
from .triage import __all__ as _triage_all

__all__ = [*_intake_all, *_triage_all]
