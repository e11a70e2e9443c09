"""Each measure is described once and one routine builds its section and chart: the chart is
drawn with the section's own ids, and the report has every measure once, in reading order."""

from referrals.report.sections import MEASURES, build, section_builders
from referrals.report.sections.measure import Context, Measure, Reading, bars, counted_bars
from referrals.report.tables import Table

SLUGS = [
    "received",
    "outcomes",
    "decline-reasons",
    "first-contact",
    "allocation",
    "first-filming",
    "waiting",
    "waiting-over-time",
    "guider-load",
    "cycles",
    "endings",
    "goals",
    "districts",
    "age-bands",
]


def read(figures, context):
    return Reading(
        summary=f"{figures} families, promise {context.promise_working_days} days.",
        table=Table(caption="Families", headers=["Group", "Families"], rows=[["A", 7]]),
        chart=bars([("A", 7, "7")]),
        notes=["A note."],
    )


def test_a_section_is_built_from_its_description_with_its_chart_drawn_under_its_ids():
    section = build(Measure("families", "Families", read), 7, Context(5, str))
    assert (section.slug, section.title) == ("families", "Families")
    assert section.summary == "7 families, promise 5 days."
    assert section.table.rows == [["A", 7]] and section.notes == ["A note."]
    assert 'id="families-chart"' in section.chart
    assert 'aria-labelledby="families-title families-summary"' in section.chart


def test_a_suppressed_count_is_charted_as_no_bar_with_its_words():
    assert counted_bars([["A", 7], ["B", "fewer than 5"]]).args == (
        [("A", 7, "7"), ("B", None, "fewer than 5")],
    )


def test_the_report_has_every_measure_once_in_reading_order():
    assert [measure.slug for measure in MEASURES] == SLUGS
    assert list(section_builders(None, promise_working_days=5, case_url=str)) == SLUGS
