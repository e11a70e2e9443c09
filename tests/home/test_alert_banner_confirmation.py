"""The referral confirmation page is rendered once per content version and kept (its shell,
referrals.intake.confirmation): it too is not kept past a banner's end."""

import datetime

from django.test import Client

from home.models import AlertBanner
from referrals.demo import pages as demo_pages
from tests.intake_journey import send_referral
from tests.referrals.intake.conftest import referral_data  # noqa: F401 - a fixture

from .test_alert_banner import (  # noqa: F401 - fixtures
    CLOSED,
    END,
    _cache_on,
    christmas_banner,
    clock,
    move_to,
    shows_banner,
)


def test_the_confirmation_page_loses_the_banner_at_its_end(home_page, clock, referral_data):  # noqa: F811
    refer = demo_pages.setup_form_pages(home_page)["refer"]
    christmas_banner()
    move_to(clock, END - datetime.timedelta(minutes=5))
    visitor = Client()
    sent = send_referral(visitor, refer.url, referral_data)
    assert sent.status_code == 302, "the referral was not sent"
    confirmation = sent["Location"]
    assert shows_banner(visitor.get(confirmation))
    assert shows_banner(visitor.get(confirmation))  # the kept shell
    move_to(clock, END)
    assert not shows_banner(visitor.get(confirmation))
    assert AlertBanner.objects.filter(heading=CLOSED).exists()
