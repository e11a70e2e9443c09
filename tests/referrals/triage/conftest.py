"""Fixtures the triage tests share."""

import pytest

from tests.concurrency import needs_postgresql_and_staff_roles


@pytest.fixture
def postgresql_and_staff_roles(transactional_db):
    """For tests that race two officers: PostgreSQL's row locks, and the staff roles' groups made
    again after the transactional test's flush. Use with pytest.mark.usefixtures."""
    needs_postgresql_and_staff_roles()
