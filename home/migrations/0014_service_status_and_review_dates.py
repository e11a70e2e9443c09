"""Service status (alert banners, which the Content editors group may add, change and delete) and
a "review by" date on the home page and information pages.

The permissions are granted with this migration's own copy of what it needs (migrations never
import live code). Idempotent.
"""

from django.db import migrations, models

GROUP = "Content editors"
ACTIONS = ("add", "change", "delete", "view")


def grant_alert_banners(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=GROUP)
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="alertbanner")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_alertbanner",
            defaults={"name": f"Can {action} alert banner"},
        )
        group.permissions.add(permission)


def review_by():
    return models.DateField(
        null=True,
        blank=True,
        verbose_name="Review by",
        help_text="When an editor should check this page is still right. Leave empty for one "
        "year after the page was first published. Never shown to the public; the dashboard "
        "lists pages due in the next 30 days.",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0013_sitesettings_area_served"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AlertBanner",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("important", "Important"), ("information", "Information")],
                        default="important",
                        help_text="'Important' for something that changes what people should "
                        "do (the office is closed, the phone line is down); 'Information' for "
                        "news that can wait.",
                        max_length=20,
                        verbose_name="Type",
                    ),
                ),
                (
                    "heading",
                    models.CharField(
                        help_text="One short sentence, shown in bold. For example: 'We are "
                        "closed from 24 to 26 December.'",
                        max_length=120,
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        blank=True,
                        help_text="What people should do meanwhile, in one or two plain "
                        "sentences. For example: 'If a child is in danger, phone 999.'",
                        max_length=400,
                    ),
                ),
                (
                    "starts_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the banner first appears. Leave empty to show it as "
                        "soon as it is saved.",
                        null=True,
                        verbose_name="Show from",
                    ),
                ),
                (
                    "ends_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the banner disappears by itself. Leave empty to show "
                        "it until you delete it.",
                        null=True,
                        verbose_name="Show until",
                    ),
                ),
            ],
            options={
                "verbose_name": "alert banner",
                "ordering": [models.OrderBy(models.F("starts_at"), nulls_first=True), "pk"],
            },
        ),
        migrations.AddField(model_name="homepage", name="review_by", field=review_by()),
        migrations.AddField(model_name="informationpage", name="review_by", field=review_by()),
        migrations.RunPython(grant_alert_banners, migrations.RunPython.noop),
    ]
