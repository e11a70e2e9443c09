"""A case reference is unique across every kind of case, and the database says so.

Each kind's table has its own unique key on `reference`; these triggers refuse a reference
another kind's table already holds, as that key would (an integrity error), so a new case is
saved with no query of its own first (referrals.services.intake retries with a new reference).
Adding a kind of case (referrals.casekinds) means adding its table here, in a new migration;
tests/referrals/intake/test_references.py checks every pair of kinds.
"""

from django.db import migrations

TABLES = ("referrals_referral", "referrals_enquiry")


def _pairs():
    return [(table, other) for table in TABLES for other in TABLES if other != table]


def _name(table, other):
    return f"{table}_reference_not_in_{other.removeprefix('referrals_')}"


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, other in _pairs():
        name = _name(table, other)
        if vendor == "postgresql":
            schema_editor.execute(
                f"""
                CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM {other} WHERE reference = NEW.reference) THEN
                        RAISE EXCEPTION 'This reference is already used by another case'
                            USING ERRCODE = 'unique_violation';
                    END IF;
                    RETURN NEW;
                END $$
                """
            )
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF reference ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
        elif vendor == "sqlite":
            for event in ("INSERT", "UPDATE OF reference"):
                suffix = "insert" if event == "INSERT" else "update"
                schema_editor.execute(
                    f"""
                    CREATE TRIGGER {name}_{suffix} BEFORE {event} ON {table}
                    WHEN EXISTS (SELECT 1 FROM {other} WHERE reference = NEW.reference)
                    BEGIN
                        SELECT RAISE(ABORT, 'This reference is already used by another case');
                    END
                    """
                )
        else:
            raise NotImplementedError(f"No reference triggers for {vendor}")


def remove_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, other in _pairs():
        name = _name(table, other)
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_update")


class Migration(migrations.Migration):
    dependencies = [("referrals", "0012_outbox_to_send_index")]

    operations = [migrations.RunPython(add_triggers, remove_triggers, elidable=False)]
