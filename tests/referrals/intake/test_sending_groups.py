"""The worker hands a sender thread one case's messages together (a new referral's two: one
outcome statement for both), never two cases' messages, and no more than two at once; and it
carries on when the database is briefly unreachable."""

from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.test import override_settings

from referrals import sending
from referrals.models import EmailState, OutboundEmail
from referrals.sending import GROUP_SIZE, _by_case

from ..triage.factories import queued_team_emails


def message(pk, referral=None, enquiry=None):
    return OutboundEmail(pk=pk, referral_id=referral, enquiry_id=enquiry)


def pks(groups):
    return [[m.pk for m in group] for group in groups]


def test_a_referrals_two_messages_go_together_and_cases_never_mix():
    claimed = [message(1, referral=10), message(2, enquiry=10), message(3, referral=10)]
    claimed.append(message(4, enquiry=10))
    assert pks(_by_case(claimed)) == [[1, 3], [2, 4]]


def test_more_than_a_pair_for_one_case_is_split():
    claimed = [message(pk, referral=7) for pk in range(1, 6)]
    assert GROUP_SIZE == 2
    assert pks(_by_case(claimed)) == [[1, 2], [3, 4], [5]]


def test_messages_about_no_case_go_alone():
    assert pks(_by_case([message(1), message(2)])) == [[1], [2]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(OUTBOX_SEND_AT_COMMIT=False)
def test_the_worker_carries_on_when_the_database_is_briefly_unreachable(caplog):
    if connection.vendor != "postgresql":
        pytest.skip("The worker's SKIP LOCKED claim needs PostgreSQL: set DATABASE_URL to one.")
    messages = queued_team_emails(2)
    mail.outbox = []
    real_claim = sending.claim
    failures = iter([OperationalError("the server closed the connection")])

    def claim_once_unreachable(**options):
        for exc in failures:
            raise exc
        return real_claim(**options)

    with mock.patch("referrals.sending.claim", side_effect=claim_once_unreachable):
        sending.Relay(threads=2, interval=0, until_empty=True).run()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.to_address for m in messages)
    states = OutboundEmail.objects.filter(pk__in=[m.pk for m in messages]).values_list("state")
    assert set(states) == {(EmailState.SENT,)}
    assert "Outbox unreadable (OperationalError): trying again" in caplog.text
