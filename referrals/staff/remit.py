"""Whose staff account a person may change: a Manager looks after the triage team's accounts
(the groups in MANAGEABLE_GROUPS), never a superuser's or one with any other group; a superuser
looks after everyone's. Below the account screens (referrals.staff.accounts) and the services
that change an account (referrals.staff.capacity), so both can ask without an import cycle."""

from referrals.staff.roles import TRIAGE_OFFICERS, VIG_GUIDERS

MANAGEABLE_GROUPS = (TRIAGE_OFFICERS, VIG_GUIDERS)


def within_remit(actor, target):
    """May `actor` change `target`'s account (other than their own)?"""
    if actor.is_superuser:
        return True
    if target.is_superuser:
        return False
    return not target.groups.exclude(name__in=MANAGEABLE_GROUPS).exists()


def is_guider(user):
    return user is not None and user.pk and user.groups.filter(name=VIG_GUIDERS).exists()
