"""The triggers that keep a case reference unique across every kind of case (installed by 0015).

SQLite rebuilds a table to alter it, which drops that table's triggers and refuses to rebuild a
table another trigger names. So a migration that alters referrals_referral or referrals_enquiry
runs `remove` first and `install` after (0016 and 0018 do). This module is part of the
migrations' history: what it runs must never change (a changed trigger is a new migration with
its own SQL). The tables are named here, not read from the code (migrations never import live
code). Django's migration loader skips modules whose names start with an underscore.
"""

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
