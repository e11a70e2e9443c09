"""A fresh demo (issue 24): accepted families wait for a VIG Guider, the Guiders have capacities
and at least one has room, so an officer can allocate the first family on the list today."""

from home.demo import site as demo_site
from referrals.demo import cases as demo_cases
from referrals.models import GuiderCapacity
from referrals.triage.waiting_list import waiting_list


def test_the_demo_has_families_waiting_and_a_guider_with_room(db):
    demo_site.ensure_accounts(demo_cases.DEMO_ACCOUNTS)
    demo_cases.setup_cases()

    listing = waiting_list()

    assert len(listing.places) >= 3
    assert GuiderCapacity.objects.count() == len(demo_cases.DEMO_CAPACITIES)
    assert any(load.room for load in listing.loads)
    assert listing.places[0].estimate == listing.today  # the first can be allocated today
    assert listing.closed > 0  # a pace to estimate the rest by


def test_setting_up_the_demo_again_keeps_a_capacity_a_manager_changed(db):
    demo_site.ensure_accounts(demo_cases.DEMO_ACCOUNTS)
    demo_cases.setup_cases()
    GuiderCapacity.objects.filter(guider__username="guider2").update(families=1)

    demo_cases.setup_cases()

    assert GuiderCapacity.objects.get(guider__username="guider2").families == 1
