"""Name search in the queue reads a trigram index on PostgreSQL, not every row.

At 50,000 referrals a search by name read the whole table (306 ms against 66 ms at 60). The
migration 0005_trigram_search indexes every searched column; this checks the planner can use
them for the very query the list runs, for each kind of case.
"""

import pytest
from django.db import connection
from django.test import RequestFactory

from referrals.cases.kinds import ENQUIRY, KINDS, REFERRAL
from referrals.triage.admin import EnquiryAdmin, ReferralAdmin

ADMINS = {REFERRAL: ReferralAdmin, ENQUIRY: EnquiryAdmin}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Trigram indexes are PostgreSQL's: set DATABASE_URL to a PostgreSQL database.")


def search_sql(kind, term):
    """The SQL the queue's own search runs for `term` (its ModelAdmin's search handler)."""
    admin = ADMINS[kind]()
    request = RequestFactory().get("/")
    handler = admin.get_search_handler(request, admin.get_search_fields(request))
    queryset = handler.search_queryset(kind.model.objects.all(), term)
    return queryset.query.sql_with_params()


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_searched_column_has_a_trigram_index(kind):
    with connection.cursor() as cursor:
        cursor.execute(
            "select indexdef from pg_indexes where tablename = %s and indexdef like %s",
            [kind.model._meta.db_table, "%gin_trgm_ops%"],
        )
        definitions = " ".join(row[0] for row in cursor.fetchall())
    for name in ("reference", *kind.search_fields):
        assert f"upper(({name})::text)" in definitions.lower(), name


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_name_search_is_answered_from_the_indexes(kind):
    sql, params = search_sql(kind, "Parent")
    with connection.cursor() as cursor:
        # On a small table the planner rightly prefers reading every row; take that choice
        # away (and a walk along another index) to see whether the search can use an index.
        cursor.execute("set local enable_seqscan = off")
        cursor.execute("set local enable_indexscan = off")
        cursor.execute(f"explain {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    assert "_trgm" in plan, plan
