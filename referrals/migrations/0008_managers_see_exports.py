"""Managers see the export records (CaseExport) in the audit log: a copy of the permission it
needs, as it was when this was written (migrations never import live code)."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    managers = Group.objects.filter(name="Managers").first()
    if managers is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="referrals", model="caseexport")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_caseexport",
        defaults={"name": "Can view export"},
    )
    managers.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0007_case_exports")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
