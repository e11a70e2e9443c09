"""Public CMS pages and the team's site-wide settings.

settings: `SiteSettings`, the team's contact details (a Wagtail generic setting).
pages: `HomePage` and `InformationPage`, built from the blocks in home/blocks.py.
accessibility_statement: `AccessibilityStatementPage`, GOV.UK's model statement as fields.
"""

from .accessibility_statement import AccessibilityStatementPage
from .pages import BasePage, HomePage, InformationPage
from .settings import SiteSettings

__all__ = [
    "AccessibilityStatementPage",
    "BasePage",
    "HomePage",
    "InformationPage",
    "SiteSettings",
]
