"""Demo content for the referral side: the three form pages, staff in each triage role and
about 30 fictional cases. Called by the setup_demo command after home.demo builds the site."""
