"""The managers' service report, below the admin page that shows it
(referrals/report/views.py):

- `figures`: the numbers, each counted by the database for a period (`Figures`, `Period`);
- `expressions`: the database functions they need (percentiles, days between dates, the
  postcode district, the child's age band), the same on PostgreSQL and SQLite;
- `charts`: SVG charts drawn on the server;
- `tables`: a section and its table, the words for numbers, small-number suppression;
- `sections`: each measure as a Manager reads it (title, summary, chart, table);
- `forms`: the period a Manager chooses.
"""

from referrals.report.figures import Figures, Period
from referrals.report.sections import section_builders

__all__ = ["Figures", "Period", "section_builders"]
