"""The worker hands a sender thread one case's messages together (a new referral's two: one
outcome statement for both), never two cases' messages, and no more than two at once."""

from referrals.models import OutboundEmail
from referrals.outbox.worker import GROUP_SIZE, by_case


def message(pk, referral=None, enquiry=None):
    return OutboundEmail(pk=pk, referral_id=referral, enquiry_id=enquiry)


def pks(groups):
    return [[m.pk for m in group] for group in groups]


def test_a_referrals_two_messages_go_together_and_cases_never_mix():
    claimed = [message(1, referral=10), message(2, enquiry=10), message(3, referral=10)]
    claimed.append(message(4, enquiry=10))
    assert pks(by_case(claimed)) == [[1, 3], [2, 4]]


def test_more_than_a_pair_for_one_case_is_split():
    claimed = [message(pk, referral=7) for pk in range(1, 6)]
    assert GROUP_SIZE == 2
    assert pks(by_case(claimed)) == [[1, 2], [3, 4], [5]]


def test_messages_about_no_case_go_alone():
    assert pks(by_case([message(1), message(2)])) == [[1], [2]]
