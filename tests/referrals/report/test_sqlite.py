"""`make run` uses SQLite: the report's percentiles (our own aggregate there) must work too,
with the filters the monthly figures use. Run in a process of its own on a fresh SQLite file,
as `make run` would have it (the suite's own database is PostgreSQL)."""

from tests.fresh_sqlite import run_on_fresh_sqlite

SCRIPT = """
from datetime import timedelta
from django.utils import timezone
from referrals.models import Intervention, Referral
from referrals.report.figures import Figures, Period
from tests.factories import ReferralFactory

today = timezone.localdate()
for days in (3, 5, 9):
    referral = ReferralFactory(received_at=timezone.now() - timedelta(days=30))
    Intervention.objects.create(referral=referral, first_contact_on=today - timedelta(30 - days))
figures = Figures(Period(today - timedelta(days=365), today), today=today, promise_days=7)
overall = figures.journey_overall
print(overall["contact_median"], overall["contact_p90"])
"""


def test_the_reports_percentiles_work_on_sqlite(tmp_path):
    median, p90 = run_on_fresh_sqlite(tmp_path, SCRIPT).split()[-2:]
    assert float(median) == 5.0  # days from referral to first contact: 3, 5, 9
    assert abs(float(p90) - 8.2) < 1e-9  # interpolated as PostgreSQL's percentile_cont
