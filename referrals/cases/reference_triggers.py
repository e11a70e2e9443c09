"""A case reference is unique across every kind of case, and the database says so.

Each kind's table has its own unique key on `reference`. These triggers refuse a reference that
another kind's table already holds (committed, or written earlier in the same transaction), as
that key would (an integrity error), so the intake saves a new case without reading anything
first (referrals.intake.services retries with a new reference). Two cases of different kinds
given the same reference at the same moment could both be saved, as with the read the intake
made before; at 1 in 10**12 a case, that is left to chance. They are built from
referrals.cases.kinds.KINDS, so a new kind of case is covered.

They are installed after every `migrate` (and test-database flush), and taken off before one:
SQLite rebuilds a table to alter it, which drops that table's triggers and refuses to drop a
table another trigger names. (django-pgtrigger installs its triggers the same way.)
"""

from django.db import connections

MESSAGE = "This reference is already used by another case"


def _pairs(connection, cursor):
    """(table, other kind's table, trigger name) for each pair of kinds whose tables exist."""
    from referrals.cases.kinds import KINDS

    existing = set(connection.introspection.table_names(cursor))
    tables = [kind.model._meta.db_table for kind in KINDS if kind.model._meta.db_table in existing]
    return [
        (table, other, f"{table}_reference_not_in_{other.removeprefix('referrals_')}")
        for table in tables
        for other in tables
        if other != table
    ]


def remove(using="default", **kwargs):
    connection = connections[using]
    with connection.cursor() as cursor:
        for table, _other, name in _pairs(connection, cursor):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}_update")


def install(using="default", **kwargs):
    connection = connections[using]
    remove(using)
    with connection.cursor() as cursor:
        for table, other, name in _pairs(connection, cursor):
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "  # noqa: S608
                    "SET search_path FROM CURRENT AS $$ "
                    f"BEGIN IF EXISTS (SELECT 1 FROM {other} WHERE reference = NEW.reference) "
                    f"THEN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'unique_violation'; "
                    "END IF; RETURN NEW; END $$"
                )
                cursor.execute(
                    f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF reference ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {name}()"
                )
            elif connection.vendor == "sqlite":
                for suffix, event in (("insert", "INSERT"), ("update", "UPDATE OF reference")):
                    cursor.execute(
                        f"CREATE TRIGGER {name}_{suffix} BEFORE {event} ON {table} "  # noqa: S608
                        f"WHEN EXISTS (SELECT 1 FROM {other} WHERE reference = NEW.reference) "
                        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                    )
