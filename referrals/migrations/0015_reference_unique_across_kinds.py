"""A case reference is unique across every kind of case, and the database says so.

Each kind's table has its own unique key on `reference`; these triggers refuse a reference that
another kind's table already holds, as that key would (an integrity error), so the intake saves
a new case without reading anything first (referrals.intake.services retries with a new
reference). They were installed after every `migrate` by a signal handler, where no reader of
the migrations could see them; this migration installs them, and the history shows it.

SQLite rebuilds a table to alter it, which drops that table's triggers and refuses to rebuild a
table another trigger names. So a later migration that alters referrals_referral or
referrals_enquiry must drop these triggers first and install them again after (copy `remove`
and `install` below into it); tests/referrals/intake/test_references.py fails on a fresh
SQLite database where they are missing, and a new kind of case needs its pairs added the same
way. The tables are named here, not read from the code (migrations never import live code).
"""

from django.db import migrations

TABLES = ["referrals_referral", "referrals_enquiry"]
MESSAGE = "This reference is already used by another case"


def pairs():
    return [
        (table, other, f"{table}_reference_not_in_{other.removeprefix('referrals_')}")
        for table in TABLES
        for other in TABLES
        if other != table
    ]


def remove(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, _other, name in pairs():
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}_update")


def install(apps, schema_editor):
    remove(apps, schema_editor)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, other, name in pairs():
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
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
                        f"CREATE TRIGGER {name}_{suffix} BEFORE {event} ON {table} "
                        f"WHEN EXISTS (SELECT 1 FROM {other} WHERE reference = NEW.reference) "
                        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                    )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0014_service_report_permission")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
