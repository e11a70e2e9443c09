"""The service report as a Manager reads it: for each measure a title, a one-paragraph summary
in words, a chart and the table behind the chart (the same rows go into its CSV download).

Small numbers are suppressed as referrals.report.tables says. Decline reasons given for fewer
than 5 referrals are pooled, so the officers' own words are shown only for reasons common
enough to say nothing of a family.
"""

from django.utils import timezone

from referrals.cases.kinds import ERASED_TEXT, REMOVED_TEXT
from referrals.models.casework import RELIABLE_CHANGE, Outcome
from referrals.report import charts
from referrals.report.expressions import AGE_BANDS
from referrals.report.figures import LONGEST_WAITS_SHOWN
from referrals.report.tables import (
    FEWER_THAN_5,
    SMALL_GROUP,
    SUPPRESSION_NOTE,
    Section,
    Table,
    day,
    days,
    month_label,
    plural,
    share,
    short_month,
    suppress,
)

DISTRICTS_CHARTED = 20

# Sections -------------------------------------------------------------------------------------


def received_section(figures):
    months = list(figures.received)
    counts = list(figures.received.values())
    rows = [
        [
            month_label(m),
            c["self"],
            c["professional"],
            c["enquiry"],
            c["self"] + c["professional"] + c["enquiry"],
        ]
        for m, c in zip(months, counts, strict=True)
    ]
    totals = [sum(row[i] for row in rows) for i in range(1, 5)]
    busiest = max(rows, key=lambda row: row[4], default=None)
    summary = (
        f"{plural(totals[0] + totals[1], 'referral')} ({totals[0]:,} from parents or carers, "
        f"{totals[1]:,} from professionals) and {plural(totals[2], 'enquiry', 'enquiries')} "
        f"were received from {day(figures.period.start)} to {day(figures.period.end)}."
    )
    if busiest and busiest[4]:
        summary += f" The busiest month was {busiest[0]}, with {busiest[4]:,}."
    section = Section(
        slug="received",
        title="Referrals and enquiries received, by month and route",
        summary=summary,
        chart="",
        table=Table(
            caption="Referrals and enquiries received each month",
            headers=[
                "Month",
                "Referrals from parents or carers",
                "Referrals from professionals",
                "Enquiries",
                "Total",
            ],
            rows=rows,
            footer=["All months", *totals],
        ),
    )
    section.chart = charts.stacked_bars(
        section.chart_id,
        section.labelled_by,
        [short_month(m) for m in months],
        [
            ("Parent or carer", [c["self"] for c in counts]),
            ("Professional", [c["professional"] for c in counts]),
            ("Enquiry", [c["enquiry"] for c in counts]),
        ],
    )
    return section


def outcomes_section(figures):
    o = figures.outcomes
    total = sum(o.values())
    labelled = [
        ("Accepted", o["accepted"]),
        ("Declined or signposted", o["declined"]),
        ("Still being triaged", o["in_triage"]),
    ]
    rows = [[label, n, share(n, total)] for label, n in labelled]
    section = Section(
        slug="outcomes",
        title="Triage outcomes",
        summary=(
            f"Of {plural(total, 'referral')} received in the period, {o['accepted']:,} "
            f"({share(o['accepted'], total)}) were accepted, {o['declined']:,} "
            f"({share(o['declined'], total)}) were declined or signposted and "
            f"{o['in_triage']:,} are still being triaged."
        ),
        chart="",
        table=Table(
            caption="Triage outcomes of referrals received in the period",
            headers=["Outcome", "Referrals", "Share"],
            rows=rows,
            footer=["All referrals", total, share(total, total)],
        ),
        notes=[
            "A referral counts as accepted if it was ever accepted (so also when it has since "
            "been allocated or closed); declined if it was declined and never accepted.",
            "Withdrawn: the workflow has no “withdrawn” status, so withdrawals are not counted "
            "separately. A family who withdraws during triage is declined with the reason; one "
            "who stops after allocation is counted under “How the work ended” as ended early "
            "by the family.",
        ],
    )
    section.chart = charts.horizontal_bars(
        section.chart_id,
        section.labelled_by,
        [(label, n, f"{n:,} ({share(n, total)})") for label, n in labelled],
    )
    return section


def _reason_label(reason):
    if reason == REMOVED_TEXT:
        return "Reason removed under the retention policy"
    if reason == ERASED_TEXT:
        return "Reason erased at the person's request"
    return reason or "No reason recorded"


def reasons_section(figures):
    common, other, other_kinds = [], 0, 0
    for reason, n in figures.decline_reasons:
        if n >= SMALL_GROUP:
            common.append((_reason_label(reason), n))
        else:
            other += n
            other_kinds += 1
    total = sum(n for _, n in common) + other
    rows = [[label, n] for label, n in common]
    if other:
        rows.append(
            [
                "Other reasons, each given for fewer than 5 referrals",
                other if other >= SMALL_GROUP else FEWER_THAN_5,
            ]
        )
    if total:
        top = common[0][0] if common else None
        verb = "was" if total == 1 else "were"
        summary = f"{plural(total, 'referral')} received in the period {verb} declined."
        summary += (
            f" The reason given most often was “{top}” ({common[0][1]:,})."
            if top
            else " No single reason was given for 5 or more of them."
        )
    else:
        summary = "No referral received in the period was declined."
    section = Section(
        slug="decline-reasons",
        title="Reasons for declining",
        summary=summary,
        chart="",
        table=Table(
            caption="Reasons given for declining referrals received in the period",
            headers=["Reason", "Referrals"],
            rows=rows,
        ),
        notes=[
            "Reasons are the officers' own words, grouped when they are the same (ignoring "
            "capitals). Reasons given for fewer than 5 referrals are pooled so that nothing "
            "written about one family is shown."
        ],
    )
    section.chart = charts.horizontal_bars(
        section.chart_id,
        section.labelled_by,
        [
            (str(label), n if isinstance(n, int) else None, f"{n:,}" if isinstance(n, int) else n)
            for label, n in rows
        ],
    )
    return section


JOURNEY_STEPS = {
    "contact": ("first-contact", "Days from referral to first contact", "had first contact"),
    "allocation": (
        "allocation",
        "Days from referral to allocation to a VIG Guider",
        "were allocated",
    ),
    "filming": ("first-filming", "Days from referral to first filming", "were first filmed"),
}


def journey_section(figures, step, promise_working_days):
    slug, title, done = JOURNEY_STEPS[step]
    by_month = figures.journey_by_month
    overall = figures.journey_overall
    promise = figures.promise_days
    headers = ["Month referred", "Referrals", "Families", "Median (days)", "90th percentile (days)"]
    if step == "contact":
        headers.append(f"Within the promise ({promise_working_days} working days)")
    rows = []
    for month, row in by_month.items():
        n = row[f"{step}_n"] or 0
        cells = [
            month_label(month),
            row["referrals"] or 0,
            n,
            days(row[f"{step}_median"]),
            days(row[f"{step}_p90"]),
        ]
        if step == "contact":
            cells.append(share(row["contact_in_time"] or 0, n))
        rows.append(cells)
    n = overall[f"{step}_n"] or 0
    footer = [
        "All months",
        overall["referrals"],
        n,
        days(overall[f"{step}_median"]),
        days(overall[f"{step}_p90"]),
    ]
    if step == "contact":
        footer.append(share(overall["contact_in_time"] or 0, n))
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
    notes = [
        "Families are counted in the month they were referred, once the step has happened; "
        "those still waiting for it are not in the figures yet."
    ]
    section = Section(
        slug=slug,
        title=title,
        summary=summary,
        chart="",
        table=Table(
            caption=title + ", by month referred", headers=headers, rows=rows, footer=footer
        ),
        notes=notes,
    )
    reference = None
    if step == "contact":
        reference = (promise, f"Promise: {promise_working_days} working days ({promise} days)")
    section.chart = charts.lines(
        section.chart_id,
        section.labelled_by,
        [short_month(m) for m in by_month],
        [
            ("Median", [row[f"{step}_median"] for row in by_month.values()]),
            ("90th percentile", [row[f"{step}_p90"] for row in by_month.values()]),
        ],
        reference=reference,
    )
    return section


def waiting_section(figures, case_url):
    w = figures.waiting_summary
    rows = [[label, n] for label, n in w["bands"]]
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
        links={index: case_url(row["pk"]) for index, row in enumerate(longest)},
    )
    section = Section(
        slug="waiting",
        title="The waiting list now: accepted, awaiting a VIG Guider",
        summary=summary,
        chart="",
        table=Table(
            caption="Families waiting for a VIG Guider today, by time waited since acceptance",
            headers=["Waiting since accepted", "Families"],
            rows=rows,
            footer=["All families waiting", w["families"]],
        ),
        more=[families] if longest else [],
        notes=["This is today's list, whatever the period chosen."],
    )
    section.chart = charts.horizontal_bars(
        section.chart_id, section.labelled_by, [(label, n, f"{n:,}") for label, n in w["bands"]]
    )
    return section


def cycles_section(figures):
    c = figures.cycles
    rows = [[f"{n}", count] for n, count in c["bins"]] + [["5 or more", c["more"]]]
    if c["families"]:
        summary = (
            f"{plural(c['families'], 'family', 'families')} completed the work in the period, "
            f"with a median of {days(c['median'])} cycles done (a mean of {days(c['mean'])})."
        )
    else:
        summary = "No family completed the work in the period."
    section = Section(
        slug="cycles",
        title="Cycles per completed case",
        summary=summary,
        chart="",
        table=Table(
            caption="Families who completed the work in the period, by cycles done",
            headers=["Cycles done", "Families"],
            rows=rows,
            footer=["All completed", c["families"]],
        ),
        notes=[
            "A cycle is done when it was filmed and the film reviewed together. Three are offered."
        ],
    )
    section.chart = charts.horizontal_bars(
        section.chart_id,
        section.labelled_by,
        [(f"{label} cycle{'' if label == '1' else 's'}", n, f"{n:,}") for label, n in rows],
    )
    return section


ENDING_LABELS = [
    (Outcome.COMPLETED, "Completed"),
    (Outcome.ENDED_BY_FAMILY, "Ended early by the family"),
    (Outcome.ENDED_BY_SERVICE, "Ended early by the service"),
    (Outcome.MOVED_AWAY, "Moved away"),
    ("", "Closed without an ending recorded"),
]


def endings_section(figures):
    e = figures.endings
    total = sum(e.values())
    rows = [[label, e[value], share(e[value], total)] for value, label in ENDING_LABELS]
    early = e[Outcome.ENDED_BY_FAMILY] + e[Outcome.ENDED_BY_SERVICE]
    if total:
        summary = (
            f"The work with {plural(total, 'family', 'families')} ended in the period: "
            f"{share(e[Outcome.COMPLETED], total)} completed it and {share(early, total)} ended "
            f"early ({e[Outcome.ENDED_BY_FAMILY]:,} by the family, "
            f"{e[Outcome.ENDED_BY_SERVICE]:,} by the service)."
        )
    else:
        summary = "No family's work ended in the period."
    section = Section(
        slug="endings",
        title="How the work ended: completion and early-ending rates",
        summary=summary,
        chart="",
        table=Table(
            caption="How the work ended, for families whose work ended in the period",
            headers=["Ending", "Families", "Share"],
            rows=rows,
            footer=["All endings", total, share(total, total)],
        ),
    )
    section.chart = charts.horizontal_bars(
        section.chart_id,
        section.labelled_by,
        [(label, n, f"{n:,} ({pct})") for label, n, pct in rows],
    )
    return section


def goals_section(figures):
    g = figures.goals
    goals = g["goals"]
    improved, worse = g["improved"], g["worse"]
    unchanged = goals - improved - worse
    threshold = RELIABLE_CHANGE
    categories = [
        (f"Reliable improvement ({threshold} points or more better)", improved),
        ("No reliable change", unchanged),
        (f"Reliably worse ({threshold} points or more worse)", worse),
    ]
    rows = [[label, n, share(n, goals)] for label, n in categories]
    if goals:
        summary = (
            f"{plural(goals, 'goal')} of {plural(g['families'], 'family', 'families')} whose work "
            f"ended in the period were rated at the start and at the end. The median rating went "
            f"from {days(g['start_median'])} to {days(g['end_median'])} out of 10 (a median change "
            f"of {days(g['change_median'])} points); {share(improved, goals)} of goals improved "
            f"reliably."
        )
    else:
        summary = (
            "No goal of a family whose work ended in the period was rated at both the start "
            "and the end."
        )
    section = Section(
        slug="goals",
        title="Goal ratings at the start and the end",
        summary=summary,
        chart="",
        table=Table(
            caption="Change in the families' goal ratings (0 to 10) from the start to the end",
            headers=["Change", "Goals", "Share"],
            rows=rows,
            footer=["All goals rated at the start and end", goals, share(goals, goals)],
        ),
        more=[
            Table(
                caption="Median goal ratings",
                headers=["Measure", "Rating (0 to 10)"],
                rows=[
                    ["Median at the start", days(g["start_median"])],
                    ["Median at the end", days(g["end_median"])],
                    ["Median change", days(g["change_median"])],
                ],
            )
        ],
        notes=[
            f"Goal-Based Outcomes: a change of {threshold} points or more on the 0 to 10 scale "
            "counts as reliable change. Each goal is counted once."
        ],
    )
    section.chart = charts.horizontal_bars(
        section.chart_id,
        section.labelled_by,
        [(label.split(" (")[0], n, f"{n:,} ({pct})") for label, n, pct in rows],
    )
    return section


GROUP_HEADERS = ["Referrals", "Accepted", "Work completed"]


def group_section(figures, *, slug, title, name, groups, order=None, charted=None):
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
    section = Section(
        slug=slug,
        title=title,
        summary=summary,
        chart="",
        table=Table(caption=title, headers=[name.capitalize(), *GROUP_HEADERS], rows=rows),
        notes=[SUPPRESSION_NOTE],
    )
    bars = rows if charted is None else charted(rows)
    section.chart = charts.horizontal_bars(
        section.chart_id,
        section.labelled_by,
        [
            (
                str(row[0]),
                row[1] if isinstance(row[1], int) else None,
                f"{row[1]:,}" if isinstance(row[1], int) else row[1],
            )
            for row in bars
        ],
    )
    return section


def _largest_districts(rows):
    ranked = sorted(
        rows, key=lambda row: (-(row[1] if isinstance(row[1], int) else 0), str(row[0]))
    )
    return ranked[:DISTRICTS_CHARTED]


def district_section(figures):
    section = group_section(
        figures,
        slug="districts",
        title="Referrals by postcode district",
        name="postcode district",
        groups=figures.by_district,
        charted=_largest_districts,
    )
    if len(section.table.rows) > DISTRICTS_CHARTED:
        section.notes.append(
            f"The chart shows the {DISTRICTS_CHARTED} districts with most referrals; the table "
            "has them all."
        )
    return section


def age_section(figures):
    return group_section(
        figures,
        slug="age-bands",
        title="Referrals by the child's age",
        name="age band",
        groups=figures.by_age_band,
        order=[label for label, _, _ in AGE_BANDS],
    )


def section_builders(figures, *, promise_working_days, case_url):
    """{slug: function making that section}, in reading order: a download makes only its own."""
    builders = {
        "received": lambda: received_section(figures),
        "outcomes": lambda: outcomes_section(figures),
        "decline-reasons": lambda: reasons_section(figures),
    }
    for step, (slug, _, _) in JOURNEY_STEPS.items():
        builders[slug] = lambda step=step: journey_section(figures, step, promise_working_days)
    builders.update(
        {
            "waiting": lambda: waiting_section(figures, case_url),
            "cycles": lambda: cycles_section(figures),
            "endings": lambda: endings_section(figures),
            "goals": lambda: goals_section(figures),
            "districts": lambda: district_section(figures),
            "age-bands": lambda: age_section(figures),
        }
    )
    return builders
