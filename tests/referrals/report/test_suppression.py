"""Small groups are never shown: nobody can be picked out from the report's breakdowns."""

from referrals.report.tables import FEWER_THAN_5, HIDDEN, suppress


def test_a_group_under_5_families_is_shown_as_fewer_than_5_in_every_column():
    assert suppress([[4, 0, 0], [1, 1, 0], [12, 7, 5]]) == [
        [FEWER_THAN_5, FEWER_THAN_5, FEWER_THAN_5],
        [FEWER_THAN_5, FEWER_THAN_5, FEWER_THAN_5],
        [12, 7, 5],
    ]


def test_counts_from_1_to_4_are_hidden_and_zero_is_shown():
    shown = suppress([[12, 3, 0], [20, 9, 6], [30, 11, 0]])
    assert shown[0] == [12, FEWER_THAN_5, 0]
    assert shown[2][2] == 0


def test_when_one_entry_in_a_column_is_hidden_the_next_smallest_is_hidden_too():
    shown = suppress([[2, 1, 0], [8, 6, 5], [30, 11, 9]])
    # The group of 2 alone would be found from the total of referrals: 8 is hidden with it.
    assert [row[0] for row in shown] == [FEWER_THAN_5, HIDDEN, 30]
    assert [row[1] for row in shown] == [FEWER_THAN_5, HIDDEN, 11]
    assert [row[2] for row in shown] == [FEWER_THAN_5, HIDDEN, 9]


def test_two_hidden_entries_need_nothing_more_hidden():
    shown = suppress([[2, 0, 0], [3, 0, 0], [30, 11, 9]])
    assert [row[0] for row in shown] == [FEWER_THAN_5, FEWER_THAN_5, 30]


def test_nothing_is_hidden_when_every_group_is_big_enough():
    assert suppress([[5, 5, 0], [40, 20, 10]]) == [[5, 5, 0], [40, 20, 10]]
