"""Seeing the service report becomes its own permission, `view_service_report` on Referral,
apart from `export_referral` (downloading families' personal data). Managers, who saw the report
through export_referral, are given it, so nobody sees less than before; a copy of the permission
as it was when this was written (migrations never import live code)."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    managers = Group.objects.filter(name="Managers").first()
    if managers is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="referrals", model="referral")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_service_report",
        defaults={"name": "Can see the service report"},
    )
    managers.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0013_fewer_indexes_on_written_tables")]

    operations = [
        migrations.AlterModelOptions(
            name="referral",
            options={
                "ordering": ["-received_at", "-id"],
                "permissions": [
                    ("export_referral", "Can export referrals"),
                    ("reopen_referral", "Can reopen closed referrals"),
                    ("apply_retention", "Can apply the retention policy"),
                    ("answer_subject_requests", "Can answer subject access and erasure requests"),
                    ("view_service_report", "Can see the service report"),
                ],
                "verbose_name": "referral",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
