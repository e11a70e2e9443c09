"""Demo content for the intake forms (called by setup_demo)."""


def setup_form_pages(home):
    """Create the referral and enquiry form pages under `home`; return them in a dict."""
    return {}
