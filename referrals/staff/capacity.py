"""Service and selector for a VIG Guider's capacity: how many families they work with at once
(GuiderCapacity.DEFAULT_FAMILIES until it is set).

Whoever may change the Guider's staff account (the right to change accounts, and the account
within their remit) sets it, never on their own account unless they are a superuser. Each change
goes into Wagtail's audit log against the Guider's account, from the old number to the new.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import LogFormatter, log

from referrals import permissions as perms
from referrals.models import GuiderCapacity
from referrals.staff.remit import is_guider, within_remit

CAPACITY_ACTION = "referrals.guider_capacity"


class CapacityLogFormatter(LogFormatter):
    """The audit log's line for a change of capacity: old → new."""

    label = "Change VIG Guider capacity"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return "Changed the VIG Guider's capacity from {old} to {new} families at once".format(
            old=data.get("old", "?"), new=data.get("new", "?")
        )


def capacity_of(guider):
    """The families `guider` can work with at once (the default when none is set)."""
    families = (
        GuiderCapacity.objects.filter(guider=guider).values_list("families", flat=True).first()
    )
    return GuiderCapacity.DEFAULT_FAMILIES if families is None else families


def may_set_capacity(by, guider):
    if by is None or not by.has_perm(perms.CHANGE_USER):
        return False
    if guider == by:
        return by.is_superuser
    return within_remit(by, guider)


@transaction.atomic
def set_guider_capacity(*, guider, families, by):
    """Set `guider`'s capacity to `families`; return it. The Guider's row is locked while it
    changes, and the change goes into the audit log, old → new (no entry when it is the same).
    PermissionDenied for someone who may not change the account; ValueError for an account that
    is not a VIG Guider's, or a negative number."""
    if not may_set_capacity(by, guider):
        raise PermissionDenied("You do not have permission to change this account.")
    if not is_guider(guider):
        raise ValueError("Only a VIG Guider has a capacity.")
    if families < 0:
        raise ValueError("A capacity is 0 families or more.")
    row, _ = GuiderCapacity.objects.get_or_create(
        guider=guider, defaults={"families": GuiderCapacity.DEFAULT_FAMILIES}
    )
    row = GuiderCapacity.objects.select_for_update().get(pk=row.pk)
    old = row.families
    if old != families:
        row.families = families
        row.save(update_fields=["families"])
        log(instance=guider, action=CAPACITY_ACTION, user=by, data={"old": old, "new": families})
    return families
