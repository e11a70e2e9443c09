"""Two officers allocating different families to a VIG Guider with one free place at the same
moment: the Guider's row is locked while their families are counted, so the second allocation
counts the first family and needs a reason for going beyond capacity."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from referrals.models import CaseEvent, CaseEventAction, GuiderCapacity, Referral, ReferralStatus
from referrals.triage.services import WorkflowError, case_transition
from tests.factories import ReferralFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_and_staff_roles"),
]


def waiting_for_a_lock():
    """Is any other connection waiting for a row lock right now?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def test_the_second_of_two_allocations_at_once_to_the_last_free_place_needs_a_reason(
    officer, officer2
):
    guider = UserFactory(guider=True)
    GuiderCapacity.objects.create(guider=guider, families=1)
    first = ReferralFactory(status=ReferralStatus.ACCEPTED)
    second = ReferralFactory(status=ReferralStatus.ACCEPTED)
    first_allocated = threading.Event()
    second_done = threading.Event()
    release = threading.Event()
    outcomes = {}

    def allocate_first():
        # The first officer's allocation is made but not yet committed until `release`.
        try:
            with transaction.atomic():
                case_transition(case=first, to=ReferralStatus.ALLOCATED, by=officer, guider=guider)
                first_allocated.set()
                release.wait(timeout=30)
            outcomes["first"] = "ok"
        except WorkflowError as error:
            outcomes["first"] = error.field or "refused"
        finally:
            first_allocated.set()
            connections.close_all()

    def allocate_second():
        try:
            first_allocated.wait(timeout=30)
            case_transition(case=second, to=ReferralStatus.ALLOCATED, by=officer2, guider=guider)
            outcomes["second"] = "ok"
        except WorkflowError as error:
            outcomes["second"] = error.field or "refused"
        finally:
            second_done.set()
            connections.close_all()

    threads = [threading.Thread(target=allocate_first), threading.Thread(target=allocate_second)]
    for thread in threads:
        thread.start()
    # Hold the first transaction open until the second allocation has either finished (no lock:
    # it counted without seeing the first) or is waiting for the Guider's row.
    first_allocated.wait(timeout=30)
    for _ in range(600):
        if second_done.is_set() or waiting_for_a_lock():
            break
        time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == {"first": "ok", "second": "capacity_reason"}
    assert Referral.objects.filter(guider=guider, status=ReferralStatus.ALLOCATED).count() == 1
    assert not CaseEvent.objects.filter(action=CaseEventAction.BEYOND_CAPACITY).exists()


def test_with_a_reason_the_second_allocation_at_once_is_recorded_beyond_capacity(officer, officer2):
    guider = UserFactory(guider=True)
    GuiderCapacity.objects.create(guider=guider, families=1)
    cases = [ReferralFactory(status=ReferralStatus.ACCEPTED) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def allocate(case, by):
        try:
            barrier.wait()
            case_transition(
                case=case,
                to=ReferralStatus.ALLOCATED,
                by=by,
                guider=guider,
                capacity_reason="Only Guider who speaks the family's language",
            )
            outcomes.append("ok")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=allocate, args=(case, by))
        for case, by in zip(cases, (officer, officer2), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == ["ok", "ok"]
    beyond = CaseEvent.objects.filter(action=CaseEventAction.BEYOND_CAPACITY)
    assert beyond.count() == 1
    assert "had 1 of 1 families before this one" in beyond.get().detail
