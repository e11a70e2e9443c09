"""Create the Triage officers, Managers and VIG Guiders groups (idempotent; see home.roles)."""

from django.db import migrations


def create_staff_roles(apps, schema_editor):
    from home.roles import sync_staff_roles

    sync_staff_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_content_editors_group"),
        ("referrals", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_staff_roles, migrations.RunPython.noop)]
