"""The measures of a family's journey to the work: days from referral to first contact, to
allocation and to first filming, and the waiting list as it is today."""

from functools import partial

from django.utils import timezone

from referrals.report.figures import LONGEST_WAITS_SHOWN
from referrals.report.sections.measure import Measure, Reading, bars, lines
from referrals.report.tables import Table, day, days, month_label, plural, share, short_month

JOURNEY_STEPS = {
    "contact": ("first-contact", "Days from referral to first contact", "had first contact"),
    "allocation": (
        "allocation",
        "Days from referral to allocation to a VIG Guider",
        "were allocated",
    ),
    "filming": ("first-filming", "Days from referral to first filming", "were first filmed"),
}


def _cells(label, row, step, n):
    cells = [label, row["referrals"] or 0, n, days(row[f"{step}_median"]), days(row[f"{step}_p90"])]
    if step == "contact":
        cells.append(share(row["contact_in_time"] or 0, n))
    return cells


def read_journey(figures, context, *, step):
    _, title, done = JOURNEY_STEPS[step]
    promise_working_days = context.promise_working_days
    by_month = figures.journey_by_month
    overall = figures.journey_overall
    promise = figures.promise_days
    headers = ["Month referred", "Referrals", "Families", "Median (days)", "90th percentile (days)"]
    if step == "contact":
        headers.append(f"Within the promise ({promise_working_days} working days)")
    rows = [
        _cells(month_label(month), row, step, row[f"{step}_n"] or 0)
        for month, row in by_month.items()
    ]
    n = overall[f"{step}_n"] or 0
    footer = _cells("All months", overall, step, n)
    footer[1] = overall["referrals"]
    if n:
        summary = (
            f"Of {plural(overall['referrals'], 'family', 'families')} referred in the period, "
            f"{n:,} {done} so far: half within {days(overall[f'{step}_median'])} days (the "
            f"median) and 9 in 10 within {days(overall[f'{step}_p90'])} days."
        )
        if step == "contact":
            summary += (
                f" {share(overall['contact_in_time'] or 0, n)} were contacted within the "
                f"promise of {promise_working_days} working days ({promise} days)."
            )
    else:
        summary = f"None of the families referred in the period {done} yet."
    reference = None
    if step == "contact":
        reference = (promise, f"Promise: {promise_working_days} working days ({promise} days)")
    return Reading(
        summary=summary,
        table=Table(
            caption=title + ", by month referred", headers=headers, rows=rows, footer=footer
        ),
        chart=lines(
            [short_month(m) for m in by_month],
            [
                ("Median", [row[f"{step}_median"] for row in by_month.values()]),
                ("90th percentile", [row[f"{step}_p90"] for row in by_month.values()]),
            ],
            reference=reference,
        ),
        notes=[
            "Families are counted in the month they were referred, once the step has happened; "
            "those still waiting for it are not in the figures yet."
        ],
    )


def read_waiting(figures, context):
    w = figures.waiting_summary
    if w["families"]:
        summary = (
            f"{plural(w['families'], 'family', 'families')} "
            f"{'is' if w['families'] == 1 else 'are'} accepted and waiting for a VIG Guider "
            f"today. Half have waited {days(w['median'])} "
            f"days or less since they were accepted; the longest wait is {days(w['longest'])} days."
        )
    else:
        summary = "No family is waiting for a VIG Guider today."
    longest = figures.longest_waits
    families = Table(
        caption=(
            f"The {min(len(longest), LONGEST_WAITS_SHOWN)} longest waits"
            if w["families"] > LONGEST_WAITS_SHOWN
            else "Every family waiting, longest first"
        ),
        headers=[
            "Reference",
            "Referred",
            "Accepted",
            "Days waiting since accepted",
            "Days since referral",
        ],
        rows=[
            [
                row["reference"],
                day(timezone.localtime(row["received_at"]).date()),
                day(row["accepted_on"]),
                row["waited"],
                row["since_referral"],
            ]
            for row in longest
        ],
        links={index: context.case_url(row["pk"]) for index, row in enumerate(longest)},
    )
    return Reading(
        summary=summary,
        table=Table(
            caption="Families waiting for a VIG Guider today, by time waited since acceptance",
            headers=["Waiting since accepted", "Families"],
            rows=[[label, n] for label, n in w["bands"]],
            footer=["All families waiting", w["families"]],
        ),
        chart=bars([(label, n, f"{n:,}") for label, n in w["bands"]]),
        more=[families] if longest else [],
        notes=["This is today's list, whatever the period chosen."],
    )


MEASURES = [
    *(
        Measure(slug, title, partial(read_journey, step=step))
        for step, (slug, title, _) in JOURNEY_STEPS.items()
    ),
    Measure("waiting", "The waiting list now: accepted, awaiting a VIG Guider", read_waiting),
]
