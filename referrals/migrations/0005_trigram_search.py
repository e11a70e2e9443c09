"""Name search by index: trigram indexes for the triage queue's search on PostgreSQL.

The queue's search matches any part of a name (`UPPER(column) LIKE UPPER('%term%')`), which no
ordinary index can answer: at 50,000 referrals every search read every row. A GIN trigram index
on UPPER(column) answers it, for every searched column (PostgreSQL combines them for the OR).

Needs PostgreSQL's pg_trgm extension (a trusted extension: a database owner may create it). On
SQLite, or where the extension cannot be created, this changes nothing and search still works,
only slower. The searched columns are a copy of referrals.casekinds' search fields and the
reference, as they were when this was written (a test checks they still agree).
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

SEARCHED = {
    "referrals_referral": (
        "reference",
        "contact_name",
        "child_first_name",
        "professional_name",
        "postcode",
    ),
    "referrals_enquiry": ("reference", "name"),
}


def index_name(table, column):
    return f"{table}_{column}_trgm"


def create_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm is not available: name search works without its indexes")
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_outbox_sending_state")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
