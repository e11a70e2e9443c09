"""The measures of what came in and what triage made of it: referrals and enquiries received,
triage outcomes, and the reasons for declining.

Decline reasons given for fewer than 5 referrals are pooled, so the officers' own words are
shown only for reasons common enough to say nothing of a family.
"""

from referrals.cases.kinds import ERASED_TEXT, REMOVED_TEXT
from referrals.report.sections.measure import Measure, Reading, bars, counted_bars, stacked
from referrals.report.tables import (
    FEWER_THAN_5,
    SMALL_GROUP,
    Table,
    day,
    month_label,
    plural,
    share,
    short_month,
)


def read_received(figures, context):
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
    return Reading(
        summary=summary,
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
        chart=stacked(
            [short_month(m) for m in months],
            [
                ("Parent or carer", [c["self"] for c in counts]),
                ("Professional", [c["professional"] for c in counts]),
                ("Enquiry", [c["enquiry"] for c in counts]),
            ],
        ),
    )


def read_outcomes(figures, context):
    o = figures.outcomes
    total = sum(o.values())
    labelled = [
        ("Accepted", o["accepted"]),
        ("Declined or signposted", o["declined"]),
        ("Still being triaged", o["in_triage"]),
    ]
    return Reading(
        summary=(
            f"Of {plural(total, 'referral')} received in the period, {o['accepted']:,} "
            f"({share(o['accepted'], total)}) were accepted, {o['declined']:,} "
            f"({share(o['declined'], total)}) were declined or signposted and "
            f"{o['in_triage']:,} are still being triaged."
        ),
        table=Table(
            caption="Triage outcomes of referrals received in the period",
            headers=["Outcome", "Referrals", "Share"],
            rows=[[label, n, share(n, total)] for label, n in labelled],
            footer=["All referrals", total, share(total, total)],
        ),
        chart=bars([(label, n, f"{n:,} ({share(n, total)})") for label, n in labelled]),
        notes=[
            "A referral counts as accepted if it was ever accepted (so also when it has since "
            "been allocated or closed); declined if it was declined and never accepted.",
            "Withdrawn: the workflow has no “withdrawn” status, so withdrawals are not counted "
            "separately. A family who withdraws during triage is declined with the reason; one "
            "who stops after allocation is counted under “How the work ended” as ended early "
            "by the family.",
        ],
    )


def reason_label(reason):
    """How a decline reason is written: the officer's words, or why there are none."""
    if reason == REMOVED_TEXT:
        return "Reason removed under the retention policy"
    if reason == ERASED_TEXT:
        return "Reason erased at the person's request"
    return reason or "No reason recorded"


def read_decline_reasons(figures, context):
    common, other = [], 0
    for reason, n in figures.decline_reasons:
        if n >= SMALL_GROUP:
            common.append((reason_label(reason), n))
        else:
            other += n
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
    return Reading(
        summary=summary,
        table=Table(
            caption="Reasons given for declining referrals received in the period",
            headers=["Reason", "Referrals"],
            rows=rows,
        ),
        chart=counted_bars(rows),
        notes=[
            "Reasons are the officers' own words, grouped when they are the same (ignoring "
            "capitals). Reasons given for fewer than 5 referrals are pooled so that nothing "
            "written about one family is shown."
        ],
    )


MEASURES = [
    Measure("received", "Referrals and enquiries received, by month and route", read_received),
    Measure("outcomes", "Triage outcomes", read_outcomes),
    Measure("decline-reasons", "Reasons for declining", read_decline_reasons),
]
