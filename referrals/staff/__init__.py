"""Staff accounts: Wagtail's user screens within each role's remit (accounts), two-factor sign-in
(two_factor), the roles (groups and permissions) and the gate that keeps Guiders out of the
site-wide audit log (audit_gate).
"""
