"""What the service report's pages are made of: a Section (title, summary, chart, table, notes)
and its Table, the words numbers are written in, and small-number suppression.

Small numbers: in the tables by postcode district and by age band, a group of fewer than 5
families, and any count from 1 to 4 in them, is shown as "fewer than 5"; when only one entry
in a column is hidden that way, the next smallest is hidden too, so it cannot be worked out
from the totals shown elsewhere.
"""

import datetime
from dataclasses import dataclass, field

from referrals.cases.working_days import contact_by_date

SMALL_GROUP = 5
FEWER_THAN_5 = "fewer than 5"
HIDDEN = "hidden"
SUPPRESSION_NOTE = (
    "To protect families' privacy, a group of fewer than 5 families, and any count from 1 to 4, "
    "is shown as “fewer than 5”. Where only one entry in a column would be hidden, the next "
    "smallest is “hidden” too, so that it cannot be worked out from the totals."
)


@dataclass
class Table:
    caption: str
    headers: list
    rows: list  # lists of cells: numbers or text
    footer: list = field(default_factory=list)  # a totals row, when there is one
    links: dict = field(default_factory=dict)  # row index -> URL of the first cell

    @property
    def linked_rows(self):
        """[(first cell, URL or "", other cells)] for the page."""
        return [(row[0], self.links.get(i, ""), row[1:]) for i, row in enumerate(self.rows)]


@dataclass
class Section:
    slug: str
    title: str
    summary: str
    chart: str
    table: Table
    notes: list = field(default_factory=list)
    more: list = field(default_factory=list)  # further tables (not charted)

    @property
    def title_id(self):
        return f"{self.slug}-title"

    @property
    def summary_id(self):
        return f"{self.slug}-summary"

    @property
    def chart_id(self):
        return f"{self.slug}-chart"

    @property
    def labelled_by(self):
        return f"{self.title_id} {self.summary_id}"

    def csv_rows(self):
        return [
            self.table.headers,
            *self.table.rows,
            *([self.table.footer] if self.table.footer else []),
        ]


# Words ----------------------------------------------------------------------------------------


def day(value):
    return f"{value:%-d %B %Y}"


def month_label(value):
    return f"{value:%b %Y}"


def short_month(value):
    return f"{value:%b %y}"


def share(part, whole):
    """'42%' (of a non-zero whole), or '–'."""
    if not whole:
        return "–"
    return f"{round(100 * part / whole)}%"


def days(value):
    """A number of days, as a whole number or to one decimal place."""
    if value is None:
        return "–"
    value = round(float(value), 1)
    return f"{int(value)}" if value.is_integer() else f"{value}"


def plural(count, word, words=None):
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def promise_calendar_days(working_days):
    """The most calendar days `working_days` working days can take, whatever the weekday."""
    monday = datetime.date(2024, 1, 1)
    return max(
        (contact_by_date(start, working_days) - start).days
        for start in (monday + datetime.timedelta(days=n) for n in range(7))
    )


# Suppression ----------------------------------------------------------------------------------


def suppress(rows, *, group_column=0):
    """Counts by group -> what may be shown. `rows`: lists of counts (column `group_column` is
    the group's size). Returns the same shape with "fewer than 5" or "hidden" where needed."""
    shown = []
    for counts in rows:
        small_group = 0 < counts[group_column] < SMALL_GROUP
        shown.append(
            [FEWER_THAN_5 if small_group or 0 < value < SMALL_GROUP else value for value in counts]
        )
    for column in range(len(rows[0]) if rows else 0):
        hidden = [i for i, row in enumerate(shown) if row[column] == FEWER_THAN_5]
        if len(hidden) != 1:
            continue
        candidates = [
            (rows[i][column], i)
            for i, row in enumerate(shown)
            if isinstance(row[column], int) and row[column] > 0
        ]
        if candidates:
            _, smallest = min(candidates)
            shown[smallest][column] = HIDDEN
    return shown
