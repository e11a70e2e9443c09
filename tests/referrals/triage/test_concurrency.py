"""Two officers changing the same referral at the same moment: one wins, the other is told."""

import threading

import pytest
from django.db import connections

from referrals.models import CaseEvent, Referral, ReferralStatus
from referrals.triage.services import ConcurrentChangeError, WorkflowError, case_transition
from tests.factories import ReferralFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_and_staff_roles"),
]


def race(referral, moves):
    """Run each (user, target) move in its own thread and connection, all at once."""
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)

    def work(index, user, target):
        try:
            barrier.wait()
            case_transition(case=referral, to=target, by=user, expected_version=referral.version)
            outcomes[index] = "ok"
        except ConcurrentChangeError:
            outcomes[index] = "stale"
        except WorkflowError:
            outcomes[index] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=work, args=(i, user, target))
        for i, (user, target) in enumerate(moves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_officers_changing_one_referral_at_once_cannot_overwrite_each_other(officer, officer2):
    referral = ReferralFactory(status=ReferralStatus.UNDER_REVIEW)

    outcomes = race(
        referral,
        [(officer, ReferralStatus.ACCEPTED), (officer2, ReferralStatus.NEEDS_INFORMATION)],
    )

    assert sorted(outcomes) == ["ok", "stale"]
    fresh = Referral.objects.get(pk=referral.pk)
    assert fresh.version == referral.version + 1
    events = CaseEvent.objects.filter(referral=referral)
    assert events.count() == 1
    assert events.get().to_status == fresh.status


def test_the_same_move_made_twice_at_once_happens_once(officer, officer2):
    referral = ReferralFactory(status=ReferralStatus.NEW)

    outcomes = race(
        referral,
        [(officer, ReferralStatus.UNDER_REVIEW), (officer2, ReferralStatus.UNDER_REVIEW)],
    )

    assert outcomes.count("ok") == 1
    assert CaseEvent.objects.filter(referral=referral).count() == 1
