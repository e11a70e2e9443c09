"""The service report's sections: each measure as a Manager reads it (a title, a one-paragraph
summary in words, a chart and the table behind the chart, whose rows are also its CSV download).

Each measure is described once, in the module of its group (`triage`: what came in and what
triage made of it; `journey`: the days to each step and the waiting list; `waiting`: the
waiting list over time and the VIG Guiders' loads; `work`: cycles, endings and goal ratings;
`groups`: who is referred), and `measure.build` makes every section
and its chart from the description.
"""

from referrals.report.sections import groups, journey, triage, waiting, work
from referrals.report.sections.measure import Context, Measure, build

MEASURES = [
    *triage.MEASURES,
    *journey.MEASURES,
    *waiting.MEASURES,
    *work.MEASURES,
    *groups.MEASURES,
]


def section_builders(figures, *, promise_working_days, case_url):
    """{slug: function making that section}, in reading order: a download makes only its own."""
    context = Context(promise_working_days=promise_working_days, case_url=case_url)
    return {
        measure.slug: lambda measure=measure: build(measure, figures, context)
        for measure in MEASURES
    }


__all__ = ["MEASURES", "Context", "Measure", "build", "section_builders"]
