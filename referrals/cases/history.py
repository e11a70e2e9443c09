"""A case's history and its version: the one place a service records who did what to a case,
and moves the case's version on (so an officer looking at an older version is told, not
overwritten).

`record` adds a row to the case's history (referrals.models.CaseEvent); `bump` saves changes
and the next version in one UPDATE. Every domain's services call these two, and nothing else
writes a CaseEvent or a version.
"""

from django.db.models import F

from referrals.models import CaseEvent

__all__ = ["bump", "record"]


def record(case, action, *, by, from_status="", to_status="", detail=""):
    """Add `action` by `by` (None: the family or the system) to `case`'s history."""
    return CaseEvent.objects.create(
        **case.link(),
        action=action,
        actor=by,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
    )


def bump(case, **changes):
    """Save `changes` and the next version in one UPDATE; refresh the instance and return it."""
    changes["version"] = F("version") + 1
    type(case).objects.filter(pk=case.pk).update(**changes)
    case.refresh_from_db()
    return case
