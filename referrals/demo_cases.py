"""Demo triage data (called by setup_demo): staff accounts per role and fictional cases."""

# Extra demo staff accounts, in the format of home.demo.site.DEMO_ACCOUNTS.
DEMO_ACCOUNTS = []


def setup_cases():
    """Create clearly fictional referrals and enquiries; return how many were created."""
    return 0
