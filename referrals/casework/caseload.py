"""What a VIG Guider (and a Manager) needs to see coming: the families they work with, the next
session dates, reviews not held in time and footage due for deletion."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from referrals import permissions as perms
from referrals.models import Referral, ReferralStatus
from referrals.models.casework import (
    ConsentCovers,
    Cycle,
    CycleStatus,
    FilmingConsent,
    Intervention,
)

DUE_SOON_DAYS = 14  # footage due within this many days is listed before it is overdue


def was_filmed(cycle, today=None):
    """Footage exists: the cycle is done, or its filming date has come (planned, not yet
    marked done). A cancelled cycle or one the family did not attend made none."""
    today = today or timezone.localdate()
    if cycle.status == CycleStatus.DONE:
        return True
    planned = cycle.status == CycleStatus.PLANNED
    return planned and cycle.filmed_on is not None and cycle.filmed_on <= today


def footage_due_on(intervention, consents=None, filmed=None):
    """The date the family's footage must be deleted by, or None while it may be kept.

    A withdrawal of consent makes it due at once (from the withdrawal date). Otherwise it is
    due FOOTAGE_DELETE_AFTER_DAYS after the work ends, or later if consent to supervision and
    training said it may be kept until a date.
    """
    if intervention.footage_deleted_on:
        return None
    consents = list(intervention.consents.all()) if consents is None else consents
    if filmed is None:
        filmed = any(was_filmed(cycle) for cycle in intervention.cycles.all())
    if not filmed:
        return None
    referral = intervention.referral
    if referral.anonymised_at:  # erased or past retention: nothing of the family is kept
        return timezone.localdate(referral.anonymised_at)
    withdrawn = [c.withdrawn_on for c in consents if c.withdrawn_on]
    if withdrawn:
        return min(withdrawn)
    # The work's end, or the day the case was closed without one (closed by triage).
    ended = intervention.ended_on or (
        timezone.localdate(referral.closed_at) if referral.closed_at else None
    )
    if ended is None:
        return None
    due = ended + timedelta(days=settings.FOOTAGE_DELETE_AFTER_DAYS)
    kept_until = [
        c.keep_footage_until
        for c in consents
        if c.covers == ConsentCovers.TRAINING and c.keep_footage_until
    ]
    return max([due, *kept_until])


@dataclass
class Family:
    referral: Referral
    next_session: object  # date or None
    reviews_overdue: list  # cycle numbers
    footage_due: object  # date or None


def _interventions(queryset):
    return queryset.select_related("referral").prefetch_related(
        Prefetch("consents", queryset=FilmingConsent.objects.all()),
        Prefetch("cycles", queryset=Cycle.objects.order_by("number")),
    )


def _family(intervention, today):
    cycles = list(intervention.cycles.all())
    upcoming = sorted(
        day
        for cycle in cycles
        if cycle.status == CycleStatus.PLANNED
        for day in (cycle.filmed_on, cycle.reviewed_on)
        if day and day >= today
    )
    late = today - timedelta(days=settings.REVIEW_WITHIN_DAYS)
    overdue = [
        cycle.number
        for cycle in cycles
        if cycle.filmed_on
        and cycle.filmed_on < late
        and cycle.reviewed_on is None
        and cycle.status != CycleStatus.CANCELLED
    ]
    filmed = any(was_filmed(cycle, today) for cycle in cycles)
    return Family(
        referral=intervention.referral,
        next_session=upcoming[0] if upcoming else None,
        reviews_overdue=overdue,
        footage_due=footage_due_on(intervention, list(intervention.consents.all()), filmed),
    )


def guider_caseload(user, today=None):
    """The families allocated to `user` now, soonest session first; with no casework yet too."""
    today = today or timezone.localdate()
    referrals = Referral.objects.filter(guider=user, status=ReferralStatus.ALLOCATED)
    families = [
        _family(intervention, today)
        for intervention in _interventions(Intervention.objects.filter(referral__in=referrals))
    ]
    families += [  # allocated, nothing recorded yet
        Family(referral=referral, next_session=None, reviews_overdue=[], footage_due=None)
        for referral in referrals.filter(intervention__isnull=True)
    ]
    return sorted(
        families,
        key=lambda f: (f.next_session is None, f.next_session or today, f.referral.reference),
    )


def footage_to_delete(user=None, today=None):
    """(overdue, due soon) families whose footage must be deleted, for `user`'s families only
    when they are a Guider without triage rights (None: everyone's)."""
    today = today or timezone.localdate()
    interventions = Intervention.objects.filter(
        footage_deleted_on__isnull=True, cycles__filmed_on__isnull=False
    ).distinct()
    if user is not None and not user.has_perm(perms.RECORD_ANY_CASEWORK):
        interventions = interventions.filter(referral__guider=user)
    overdue, soon = [], []
    for intervention in _interventions(interventions):
        family = _family(intervention, today)
        if family.footage_due is None:
            continue
        if family.footage_due < today:
            overdue.append(family)
        elif family.footage_due <= today + timedelta(days=DUE_SOON_DAYS):
            soon.append(family)
    overdue.sort(key=lambda f: f.footage_due)
    soon.sort(key=lambda f: f.footage_due)
    return overdue, soon
