import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def grant(apps, schema_editor):
    """Managers answer subject access and erasure requests and see their records in the audit
    log (a copy of the permissions as they were when this was written: migrations never import
    live code)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    managers = Group.objects.filter(name="Managers").first()
    if managers is None:
        return
    for model, codename, name in (
        ("referral", "answer_subject_requests", "Can answer subject access and erasure requests"),
        ("subjectrequest", "view_subjectrequest", "Can view subject request"),
    ):
        content_type, _ = ContentType.objects.get_or_create(app_label="referrals", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        managers.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0008_managers_see_exports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
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
        migrations.AlterField(
            model_name="caseevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submitted", "Received"),
                    ("status_changed", "Status changed"),
                    ("assigned", "Assigned"),
                    ("guider_allocated", "VIG Guider allocated"),
                    ("note_added", "Note added"),
                    ("anonymised", "Personal details removed (retention policy)"),
                    ("erased", "Personal details erased at the person's request"),
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="SubjectRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("access", "Subject access (a copy of what we hold)"),
                            ("erasure", "Erasure (personal details removed)"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "matched_on",
                    models.JSONField(
                        default=list,
                        help_text="What was searched by (e.g. email), never the values.",
                    ),
                ),
                ("references", models.JSONField(default=list)),
                (
                    "reason",
                    models.TextField(
                        blank=True,
                        help_text="Why the details were erased. Never the person's name or details.",
                        max_length=1000,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "subject request",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
