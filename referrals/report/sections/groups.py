"""The measures of who is referred: referrals, acceptances and completed work by postcode
district and by the child's age band, with small numbers suppressed (referrals.report.tables).
"""

from referrals.report.expressions import AGE_BANDS
from referrals.report.sections.measure import Measure, Reading, counted_bars
from referrals.report.tables import SUPPRESSION_NOTE, Table, plural, suppress

DISTRICTS_CHARTED = 20
GROUP_HEADERS = ["Referrals", "Accepted", "Work completed"]
DISTRICTS_TITLE = "Referrals by postcode district"
AGE_BANDS_TITLE = "Referrals by the child's age"


def largest_districts(rows):
    """The districts the chart shows: those with most referrals (suppressed ones count as 0)."""
    ranked = sorted(
        rows, key=lambda row: (-(row[1] if isinstance(row[1], int) else 0), str(row[0]))
    )
    return ranked[:DISTRICTS_CHARTED]


def read_group(figures, context, *, title, name, groups, order=None, charted=None):
    """A table of referrals, acceptances and completed work for each of `groups`
    ({group: {"referrals": n, "accepted": n, "completed": n}}), small numbers suppressed."""
    names = order if order is not None else sorted(groups)
    counts = [
        [groups.get(g, {}).get(k, 0) for k in ("referrals", "accepted", "completed")] for g in names
    ]
    shown = suppress(counts)
    rows = [[g, *cells] for g, cells in zip(names, shown, strict=True)]
    visible = [
        (g, cells[0]) for g, cells in zip(names, shown, strict=True) if isinstance(cells[0], int)
    ]
    small = sum(1 for cells in shown if not isinstance(cells[0], int))
    summary = (
        f"Referrals received in the period by {name}: {plural(len(visible), name)} with 5 or "
        "more families"
    )
    summary += f", {small:,} with fewer than 5 or hidden." if small else "."
    if visible:
        biggest = max(visible, key=lambda v: v[1])
        if biggest[1]:
            summary += f" The most referrals came from {biggest[0]} ({biggest[1]:,})."
    return Reading(
        summary=summary,
        table=Table(caption=title, headers=[name.capitalize(), *GROUP_HEADERS], rows=rows),
        chart=counted_bars(rows if charted is None else charted(rows)),
        notes=[SUPPRESSION_NOTE],
    )


def read_districts(figures, context):
    reading = read_group(
        figures,
        context,
        title=DISTRICTS_TITLE,
        name="postcode district",
        groups=figures.by_district,
        charted=largest_districts,
    )
    if len(reading.table.rows) > DISTRICTS_CHARTED:
        reading.notes.append(
            f"The chart shows the {DISTRICTS_CHARTED} districts with most referrals; the table "
            "has them all."
        )
    return reading


def read_age_bands(figures, context):
    return read_group(
        figures,
        context,
        title=AGE_BANDS_TITLE,
        name="age band",
        groups=figures.by_age_band,
        order=[label for label, _, _ in AGE_BANDS],
    )


MEASURES = [
    Measure("districts", DISTRICTS_TITLE, read_districts),
    Measure("age-bands", AGE_BANDS_TITLE, read_age_bands),
]
