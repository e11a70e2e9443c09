"""Selectors: each VIG Guider's families against their capacity (how many they can work with at
once, set by a Manager on the staff account; GuiderCapacity.DEFAULT_FAMILIES without a row).

A Guider's current families are the referrals allocated to them and not yet closed (status
"Allocated to a VIG Guider"). Every load here is read in one query, however many Guiders or
families there are.
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from referrals.cases import selectors
from referrals.cases.display import display_name
from referrals.models import GuiderCapacity, Referral, ReferralStatus

BEYOND_CAPACITY_MESSAGE = (
    "{name} has {load} families already, as many as their capacity: give the reason for "
    "allocating beyond it, or choose a VIG Guider with room."
)


@dataclass(frozen=True)
class GuiderLoad:
    guider: object
    families: int
    capacity: int

    @property
    def room(self):
        """How many more families they can take before reaching their capacity (0 when full)."""
        return max(0, self.capacity - self.families)

    @property
    def over(self):
        """How many families they have beyond their capacity (0 when within it)."""
        return max(0, self.families - self.capacity)

    @property
    def full(self):
        return self.families >= self.capacity

    @property
    def name(self):
        return display_name(self.guider)

    @property
    def against_capacity(self):
        """'3 of 6'."""
        return f"{self.families} of {self.capacity}"


def current_families(guider_ref):
    """How many families are allocated to the Guider `guider_ref` names, as a subquery."""
    rows = (
        Referral.objects.filter(guider=guider_ref, status=ReferralStatus.ALLOCATED)
        .order_by()
        .values("guider")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def capacity_of(guider_ref):
    rows = GuiderCapacity.objects.filter(guider=guider_ref).values("families")[:1]
    return Coalesce(
        Subquery(rows, output_field=IntegerField()), Value(GuiderCapacity.DEFAULT_FAMILIES)
    )


def guider_loads():
    """Every active VIG Guider's load, those with room first (by name), then the rest."""
    guiders = selectors.vig_guiders().annotate(
        current=current_families(OuterRef("pk")), capacity=capacity_of(OuterRef("pk"))
    )
    loads = [GuiderLoad(g, g.current, g.capacity) for g in guiders]
    return sorted(loads, key=lambda load: load.full)  # stable: each part stays in name order


def load_of(guider):
    """One Guider's load (active or not)."""
    row = (
        type(guider)
        .objects.filter(pk=guider.pk)
        .values(current=current_families(guider.pk), capacity=capacity_of(guider.pk))
        .get()
    )
    return GuiderLoad(guider, row["current"], row["capacity"])


def free_capacity(loads):
    """Families the Guiders can take now: the sum of each one's room."""
    return sum(load.room for load in loads)


def over_capacity(loads):
    """Families the Guiders have beyond their capacity, added up: closing one of them frees no
    place for the waiting list."""
    return sum(load.over for load in loads)
