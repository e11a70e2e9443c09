"""A case reference is unique across every kind of case, and the database says so.

Each kind's table has its own unique key on `reference`; these triggers refuse a reference that
another kind's table already holds, as that key would (an integrity error), so the intake saves
a new case without reading anything first (referrals.intake.services retries with a new
reference). They were installed after every `migrate` by a signal handler, where no reader of
the migrations could see them; this migration installs them, and the history shows it.

SQLite rebuilds a table to alter it, which drops that table's triggers and refuses to rebuild a
table another trigger names. So a later migration that alters referrals_referral or
referrals_enquiry must drop these triggers first and install them again after (`remove` and
`install` in _reference_triggers.py); tests/referrals/intake/test_references.py fails on a fresh
SQLite database where they are missing, and a new kind of case needs its pairs added the same
way. The tables are named here, not read from the code (migrations never import live code).
"""

from django.db import migrations

from referrals.migrations._reference_triggers import install, remove

class Migration(migrations.Migration):
    dependencies = [("referrals", "0014_service_report_permission")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
