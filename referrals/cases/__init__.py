"""What every kind of case shares: the kinds and their description (kinds), selectors, how a case
is shown (display), references, working days, the audit of who saw what, the export.
"""
