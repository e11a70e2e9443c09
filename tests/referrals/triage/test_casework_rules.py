"""The rules of the work with a family, one test (or a few) per named rule in
referrals.casework.rules: each shows the rule refusing what it is there to refuse, with its
field, and letting through what it is not about. The dates are fixed: no test reads the clock.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from referrals.casework import rules
from referrals.casework.rules import CaseworkError, Ending, ProposedCycle
from referrals.models import ReferralStatus
from referrals.models.casework import OFFERED_CYCLES, CycleStatus, Outcome

TODAY = date(2026, 3, 11)


def days(n):
    """A date `n` days from TODAY (negative: before it)."""
    return TODAY + timedelta(days=n)


def consent(given=-60, withdrawn=None):
    return SimpleNamespace(
        given_on=days(given), withdrawn_on=None if withdrawn is None else days(withdrawn)
    )


def intervention(*consents, more_cycles_agreed=False, cycles=(), goals=()):
    return SimpleNamespace(
        consents=SimpleNamespace(all=lambda: list(consents)),
        cycles=SimpleNamespace(all=lambda: list(cycles)),
        goals=SimpleNamespace(all=lambda: list(goals)),
        more_cycles_agreed=more_cycles_agreed,
    )


def proposed(*consents, number=1, more_cycles_agreed=False, **fields):
    work = intervention(*consents, more_cycles_agreed=more_cycles_agreed)
    return ProposedCycle(work, number, today=TODAY, **fields)


def refused(rule, subject):
    with pytest.raises(CaseworkError) as error:
        rule(subject)
    return error.value


# A cycle --------------------------------------------------------------------------------------


def test_a_fourth_cycle_needs_more_cycles_agreed_first():
    rule = rules.more_cycles_are_agreed_first
    assert refused(rule, proposed(number=OFFERED_CYCLES + 1)).field == "number"
    rule(proposed(number=OFFERED_CYCLES))
    rule(proposed(number=OFFERED_CYCLES + 1, more_cycles_agreed=True))


def test_a_review_needs_a_filming_date():
    rule = rules.review_needs_a_filming
    assert refused(rule, proposed(reviewed_on=days(-1))).field == "filmed_on"
    rule(proposed(filmed_on=days(-2), reviewed_on=days(-1)))
    rule(proposed())


def test_a_review_is_not_before_its_filming():
    rule = rules.review_is_not_before_filming
    assert refused(rule, proposed(filmed_on=days(-2), reviewed_on=days(-3))).field == (
        "reviewed_on"
    )
    rule(proposed(filmed_on=days(-2), reviewed_on=days(-2)))  # the same day will do


@pytest.mark.parametrize(
    "filmed, reviewed, field",
    [(None, None, "filmed_on"), (-2, None, "reviewed_on"), (None, -1, "filmed_on")],
)
def test_a_cycle_done_was_filmed_and_reviewed(filmed, reviewed, field):
    rule = rules.done_means_filmed_and_reviewed
    dates = {
        "filmed_on": None if filmed is None else days(filmed),
        "reviewed_on": None if reviewed is None else days(reviewed),
    }
    assert refused(rule, proposed(status=CycleStatus.DONE, **dates)).field == field
    rule(proposed(status=CycleStatus.PLANNED, **dates))  # a planned cycle may have neither


def test_a_cycle_done_has_no_date_after_today():
    rule = rules.done_is_in_the_past
    done = {"status": CycleStatus.DONE}
    assert refused(rule, proposed(filmed_on=days(1), reviewed_on=days(2), **done)).field == (
        "filmed_on"
    )
    assert refused(rule, proposed(filmed_on=days(0), reviewed_on=days(1), **done)).field == (
        "reviewed_on"
    )
    rule(proposed(filmed_on=days(0), reviewed_on=days(0), **done))
    rule(proposed(filmed_on=days(5), reviewed_on=days(6)))  # planned: the future is the point


def test_nothing_is_filmed_after_consent_is_withdrawn():
    rule = rules.no_filming_after_consent_withdrawn
    withdrawn = consent(given=-60, withdrawn=-10)
    error = refused(rule, proposed(withdrawn, filmed_on=days(5)))
    assert error.field == "filmed_on"
    assert "withdrawn" in error.message
    rule(proposed(withdrawn, filmed_on=days(-20)))  # filmed while it was in force
    rule(proposed(withdrawn, consent(given=-5), filmed_on=days(5)))  # given again since
    rule(proposed(withdrawn, filmed_on=days(5), status=CycleStatus.CANCELLED))


def test_a_filming_that_took_place_had_consent_in_force():
    rule = rules.filming_needs_consent_in_force
    assert refused(rule, proposed(filmed_on=days(-1))).field == "filmed_on"
    done = proposed(filmed_on=days(-2), reviewed_on=days(-1), status=CycleStatus.DONE)
    assert refused(rule, done).field == "status"
    assert refused(rule, proposed(consent(given=-1), filmed_on=days(-3))).field == "filmed_on"
    rule(proposed(consent(given=-60), filmed_on=days(-1)))
    rule(proposed(filmed_on=days(7)))  # booked before the family's consent is recorded


def test_a_cycle_is_checked_by_every_rule_in_order():
    assert rules.CYCLE_RULES[0] is rules.more_cycles_are_agreed_first
    # breaks the first rule and the last: the first one is reported
    cycle = proposed(number=OFFERED_CYCLES + 1, filmed_on=days(-1))
    assert refused(rules.check_cycle, cycle).field == "number"
    rules.check_cycle(proposed(consent(), filmed_on=days(-1)))


# The ending -----------------------------------------------------------------------------------


@dataclass(eq=False)  # a dict key, by identity, as a Goal row is
class Goal:
    number: int


def goal(number):
    return Goal(number)


def ending(
    *,
    status=ReferralStatus.ALLOCATED,
    outcome=Outcome.ENDED_BY_FAMILY,
    ended_on=TODAY,
    cycles=(),
    goals=(),
    final_ratings=None,
    feedback_helpful=None,
):
    return Ending(
        SimpleNamespace(status=status),
        intervention(cycles=cycles, goals=goals),
        outcome,
        ended_on,
        final_ratings=final_ratings or {},
        feedback_helpful=feedback_helpful,
        today=TODAY,
    )


def filming(filmed, status=CycleStatus.PLANNED, number=1):
    return SimpleNamespace(number=number, status=status, filmed_on=days(filmed))


def test_only_an_allocated_familys_work_ends():
    rule = rules.only_an_allocated_familys_work_ends
    assert refused(rule, ending(status=ReferralStatus.ACCEPTED)).field is None
    rule(ending())


def test_the_work_does_not_end_after_today():
    rule = rules.ends_today_or_before
    assert refused(rule, ending(ended_on=days(1))).field == "ended_on"
    rule(ending(ended_on=TODAY))


def test_the_work_does_not_end_before_its_first_filming():
    rule = rules.ends_after_the_first_filming
    filmed = [filming(-10, CycleStatus.DONE), filming(-20, CycleStatus.DONE, number=2)]
    assert refused(rule, ending(ended_on=days(-21), cycles=filmed)).field == "ended_on"
    rule(ending(ended_on=days(-20), cycles=filmed))
    # a filming still to come, or one cancelled, holds nothing back
    rule(ending(ended_on=days(-30), cycles=[filming(5), filming(-5, CycleStatus.CANCELLED)]))


def test_completed_work_has_a_final_rating_for_every_goal():
    rule = rules.completed_work_rates_every_goal
    one, two = goal(1), goal(2)
    completed = {"outcome": Outcome.COMPLETED, "goals": [one, two]}
    error = refused(rule, ending(final_ratings={one: 7, two: None}, **completed))
    assert error.field == "goal_2"
    rule(ending(final_ratings={one: 7, two: 0}, **completed))  # 0 is a rating
    rule(ending(outcome=Outcome.ENDED_BY_FAMILY, goals=[one, two]))  # ended early: none needed


def test_final_ratings_are_from_0_to_10():
    rule = rules.final_ratings_are_0_to_10
    assert refused(rule, ending(final_ratings={goal(3): 11})).field == "goal_3"
    assert refused(rule, ending(final_ratings={goal(1): -1})).field == "goal_1"
    rule(ending(final_ratings={goal(1): 0, goal(2): 10, goal(3): None}))


def test_feedback_is_a_number_from_1_to_5():
    rule = rules.feedback_is_1_to_5
    assert refused(rule, ending(feedback_helpful=0)).field == "feedback_helpful"
    assert refused(rule, ending(feedback_helpful=6)).field == "feedback_helpful"
    rule(ending(feedback_helpful=1))
    rule(ending(feedback_helpful=5))
    rule(ending())  # no feedback given


def test_an_ending_is_checked_by_every_rule_in_order():
    assert rules.ENDING_RULES[0] is rules.only_an_allocated_familys_work_ends
    late = ending(status=ReferralStatus.CLOSED, ended_on=days(1), feedback_helpful=9)
    assert "allocated" in refused(rules.check_ending, late).message
    rules.check_ending(ending())


def test_planned_cycles_not_filmed_by_the_end_are_the_ones_cancelled():
    coming, filmed, done = filming(3, number=2), filming(-3, number=1), filming(-9, "done", 3)
    cancelled = rules.planned_cycles_not_filmed(ending(cycles=[filmed, coming, done]))
    assert cancelled == [coming]
