"""The triage queue is as fast with 50,000 referrals as with 60 (ratio in the same run)."""

import datetime
import random

import pytest
from django.utils import timezone

from referrals.models import Referral, ReferralStatus
from referrals.references import new_reference
from tests.referrals.triage.conftest import make_user
from tests.referrals.triage.factories import ReferralFactory

from .timing import median_seconds, report

# The small set holds more than a page (50 rows) of new referrals, so both runs render full pages.
SMALL, LARGE = 60, 50_000
MAX_RATIO = 3.0
LIST_URLS = [
    "/admin/referrals/referral/",
    "/admin/referrals/referral/?status__exact=new",
    "/admin/referrals/referral/?q={reference}",  # an officer looks up a case by its reference
]


def add_referrals(count):
    template = ReferralFactory.build()
    now = timezone.now()
    statuses = list(ReferralStatus.values)
    batch = []
    for n in range(count):
        referral = Referral(
            **{
                field.attname: getattr(template, field.attname)
                for field in Referral._meta.concrete_fields
                if not field.primary_key
            }
        )
        referral.reference = new_reference()
        referral.received_at = now - datetime.timedelta(minutes=n)
        referral.status = ReferralStatus.NEW if n < SMALL else random.choice(statuses)  # noqa: S311
        referral.contact_name = f"Bench Parent {n}"
        batch.append(referral)
        if len(batch) == 5000:
            Referral.objects.bulk_create(batch)
            batch = []
    Referral.objects.bulk_create(batch)


@pytest.mark.parametrize("url", LIST_URLS)
def test_triage_list_time_does_not_grow_with_the_number_of_referrals(client, db, url):
    client.force_login(make_user("bench-officer", "Triage officers"))
    add_referrals(SMALL)
    url = url.format(reference=Referral.objects.order_by("received_at").first().reference)
    assert client.get(url).status_code == 200
    small = median_seconds(lambda: client.get(url), repeat=20, warmup=3)

    add_referrals(LARGE - SMALL)
    assert Referral.objects.count() == LARGE
    large = median_seconds(lambda: client.get(url), repeat=20, warmup=3)

    report(url, referrals_60=small, referrals_50000=large, ratio=f"{large / small:.2f}")
    assert large / small < MAX_RATIO


def test_name_search_time_is_reported(client, db):
    """A name search is a substring match over every row: reported, not held to the ratio."""
    client.force_login(make_user("bench-officer", "Triage officers"))
    url = "/admin/referrals/referral/?q=Parent%2042"
    add_referrals(SMALL)
    small = median_seconds(lambda: client.get(url), repeat=10, warmup=2)
    add_referrals(LARGE - SMALL)
    large = median_seconds(lambda: client.get(url), repeat=10, warmup=2)
    report("name search", referrals_60=small, referrals_50000=large, ratio=f"{large / small:.2f}")
