from django.db import migrations


def grant(apps, schema_editor):
    """Managers answer subject access and erasure requests (a copy of the permission as it was
    when this was written: migrations never import live code)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    managers = Group.objects.filter(name="Managers").first()
    if managers is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="referrals", model="referral")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="answer_subject_requests",
        defaults={"name": "Can answer subject access and erasure requests"},
    )
    managers.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0008_managers_see_exports"),
    ]

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
                ],
                "verbose_name": "referral",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
