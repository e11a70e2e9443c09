"""A measure described once, and the one routine that builds its section and chart.

A `Measure` is a slug, a title and a `read` function: given the report's `Figures` and the
`Context` (the promise in working days, the link to a case), `read` returns a `Reading`, which
is the measure's summary in words, its table, the `Chart` of it, its notes and any further
tables. `build` turns a measure into the `Section` the page shows and the CSV downloads, and
draws its chart with the section's own ids, so no measure draws a chart itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from referrals.report import charts
from referrals.report.tables import Section, Table


@dataclass(frozen=True)
class Context:
    """What the report knows besides its figures."""

    promise_working_days: int
    case_url: Callable[[int], str]


@dataclass(frozen=True)
class Chart:
    """How to draw a measure: a function of referrals.report.charts and its arguments after
    the chart's id and the ids it is labelled by."""

    draw: Callable[..., str]
    args: tuple = ()
    options: dict = field(default_factory=dict)


def bars(rows):
    """Horizontal bars: rows of (label, value or None, value as written)."""
    return Chart(charts.horizontal_bars, (rows,))


def stacked(labels, series):
    """Stacked bars: one bar a label, [(series name, values)]."""
    return Chart(charts.stacked_bars, (labels, series))


def lines(labels, series, reference=None):
    """Lines over the labels, [(series name, values)], with an optional reference line."""
    return Chart(charts.lines, (labels, series), {"reference": reference})


def counted_bars(rows):
    """Bars for table rows whose second cell is a count, or words where it is suppressed."""
    return bars(
        [
            (str(row[0]), row[1] if isinstance(row[1], int) else None, _written(row[1]))
            for row in rows
        ]
    )


def _written(value):
    return f"{value:,}" if isinstance(value, int) else value


@dataclass
class Reading:
    """A measure read for one period: everything its section shows except the ids."""

    summary: str
    table: Table
    chart: Chart
    notes: list = field(default_factory=list)
    more: list = field(default_factory=list)


@dataclass(frozen=True)
class Measure:
    slug: str
    title: str
    read: Callable[[Any, Context], Reading]


def build(measure, figures, context):
    """The section for `measure`, with its chart drawn."""
    reading = measure.read(figures, context)
    section = Section(
        slug=measure.slug,
        title=measure.title,
        summary=reading.summary,
        chart="",
        table=reading.table,
        notes=reading.notes,
        more=reading.more,
    )
    chart = reading.chart
    section.chart = chart.draw(section.chart_id, section.labelled_by, *chart.args, **chart.options)
    return section
