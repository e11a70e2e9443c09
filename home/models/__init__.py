"""Public CMS pages and the team's site-wide settings.

settings: `SiteSettings`, the team's contact details (a Wagtail generic setting).
pages: `HomePage` and `InformationPage`, built from the blocks in home/blocks.py.
accessibility_statement: `AccessibilityStatementPage`, GOV.UK's model statement as fields.
alerts: `AlertBanner`, the service status banners at the top of every public page.
wait: `PublicWait`, the current wait as the public sees it (worked out daily, off any request).
wording: `SiteWording`, the settings' public words in each language (a translatable snippet).
translation_review: `LanguageReview`, whether a professional translator checked a language.
"""

from .accessibility_statement import AccessibilityStatementPage
from .alerts import AlertBanner
from .pages import BasePage, HomePage, InformationPage
from .settings import SiteSettings
from .translation_review import LanguageReview
from .wait import PublicWait
from .wording import SiteWording

__all__ = [
    "AccessibilityStatementPage",
    "AlertBanner",
    "BasePage",
    "HomePage",
    "InformationPage",
    "LanguageReview",
    "PublicWait",
    "SiteSettings",
    "SiteWording",
]
