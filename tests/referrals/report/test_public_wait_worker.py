"""The worker works out the public's current wait by itself as it starts (and then once a day),
so the pages never depend on someone remembering to run a command."""

import pytest

from home.models.wait import PublicWait
from tests.concurrency import (
    SKIP_LOCKED,
    needs_postgresql,
    run_the_worker_once,
    worker_claims_from_the_database,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _needs_postgresql():
    needs_postgresql(SKIP_LOCKED)


@worker_claims_from_the_database()
def test_the_worker_works_out_the_current_wait_as_it_starts():
    PublicWait.objects.all().delete()
    run_the_worker_once()
    assert PublicWait.objects.count() == 1
