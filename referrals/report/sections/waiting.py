"""The measures of the waiting list over time and the VIG Guiders' loads: the list's length at
the end of each month of the period, and each Guider's families now against their capacity.
Counts from 1 to 4 are shown as "fewer than 5" (referrals.report.tables)."""

from referrals.report import waiting
from referrals.report.sections.measure import Measure, Reading, counted_bars, lines
from referrals.report.tables import SUPPRESSION_NOTE, Table, day, short_month


def _words(count):
    if isinstance(count, str):
        return f"{count} families"
    return f"{count:,} {'family' if count == 1 else 'families'}"


def read_length(figures, context):
    last_day = min(figures.period.end, figures.today)
    by_month = waiting.length_by_month(figures.period.months, last_day)
    rows = [[day(end), waiting.shown(count)] for end, count in by_month]
    if by_month:
        end, count = by_month[-1]
        most_day, most = max(by_month, key=lambda item: item[1])
        summary = (
            f"At the end of {day(end)}, {_words(waiting.shown(count))} "
            "were accepted and waiting for a VIG Guider."
        )
        if len(by_month) > 1:
            summary += f" The longest the list was at a month's end: {_words(waiting.shown(most))}"
            summary += f" ({day(most_day)})."
    else:
        summary = "The period has not started yet."
    return Reading(
        summary=summary,
        table=Table(
            caption="Families waiting for a VIG Guider at the end of each month",
            headers=["At the end of", "Families waiting"],
            rows=rows,
        ),
        chart=lines(
            [short_month(end) for end, _ in by_month],
            [("Families waiting", [n if isinstance(n, int) else None for _, n in rows])],
        ),
        notes=[
            "Worked out from each case's history: the families moved to “Accepted” by then, "
            "less those moved on from it (allocated, or back to triage). The month still under "
            "way is counted to today.",
            SUPPRESSION_NOTE,
        ],
    )


def read_load(figures, context):
    loads = waiting.loads_shown()
    if loads.guiders:
        summary = (
            f"{loads.guiders} active VIG {'Guider has' if loads.guiders == 1 else 'Guiders have'} "
            f"{_words(loads.families)} between them today, against a capacity of "
            f"{loads.capacity:,}."
        )
    else:
        summary = "There is no active VIG Guider."
    return Reading(
        summary=summary,
        table=Table(
            caption="Each VIG Guider's families today, against their capacity",
            headers=["VIG Guider", "Families now", "Capacity (families at once)"],
            rows=loads.rows,
            footer=["All VIG Guiders", loads.families, loads.capacity],
        ),
        chart=counted_bars(loads.rows),
        notes=[
            "Today's figures, whatever the period chosen. A Manager sets each VIG Guider's "
            "capacity on their staff account.",
            SUPPRESSION_NOTE,
        ],
    )


MEASURES = [
    Measure("waiting-over-time", "The waiting list's length over time", read_length),
    Measure("guider-load", "VIG Guiders' families against their capacity", read_load),
]
