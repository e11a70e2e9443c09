"""The measures of the work with a family: cycles per completed case, how the work ended, and
the goal ratings at the start and the end."""

from referrals.models.casework import RELIABLE_CHANGE, Outcome
from referrals.report.sections.measure import Measure, Reading, bars
from referrals.report.tables import Table, days, plural, share

ENDING_LABELS = [
    (Outcome.COMPLETED, "Completed"),
    (Outcome.ENDED_BY_FAMILY, "Ended early by the family"),
    (Outcome.ENDED_BY_SERVICE, "Ended early by the service"),
    (Outcome.MOVED_AWAY, "Moved away"),
    ("", "Closed without an ending recorded"),
]


def read_cycles(figures, context):
    c = figures.cycles
    rows = [[f"{n}", count] for n, count in c["bins"]] + [["5 or more", c["more"]]]
    if c["families"]:
        summary = (
            f"{plural(c['families'], 'family', 'families')} completed the work in the period, "
            f"with a median of {days(c['median'])} cycles done (a mean of {days(c['mean'])})."
        )
    else:
        summary = "No family completed the work in the period."
    return Reading(
        summary=summary,
        table=Table(
            caption="Families who completed the work in the period, by cycles done",
            headers=["Cycles done", "Families"],
            rows=rows,
            footer=["All completed", c["families"]],
        ),
        chart=bars(
            [(f"{label} cycle{'' if label == '1' else 's'}", n, f"{n:,}") for label, n in rows]
        ),
        notes=[
            "A cycle is done when it was filmed and the film reviewed together. Three are offered."
        ],
    )


def read_endings(figures, context):
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
    return Reading(
        summary=summary,
        table=Table(
            caption="How the work ended, for families whose work ended in the period",
            headers=["Ending", "Families", "Share"],
            rows=rows,
            footer=["All endings", total, share(total, total)],
        ),
        chart=bars([(label, n, f"{n:,} ({pct})") for label, n, pct in rows]),
    )


def read_goals(figures, context):
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
    return Reading(
        summary=summary,
        table=Table(
            caption="Change in the families' goal ratings (0 to 10) from the start to the end",
            headers=["Change", "Goals", "Share"],
            rows=rows,
            footer=["All goals rated at the start and end", goals, share(goals, goals)],
        ),
        chart=bars([(label.split(" (")[0], n, f"{n:,} ({pct})") for label, n, pct in rows]),
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


MEASURES = [
    Measure("cycles", "Cycles per completed case", read_cycles),
    Measure("endings", "How the work ended: completion and early-ending rates", read_endings),
    Measure("goals", "Goal ratings at the start and the end", read_goals),
]
