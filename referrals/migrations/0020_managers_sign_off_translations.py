"""Managers may record that a professional translator has checked a language (home's
LanguageReview, Settings > Translation checks); a copy of the permissions as they were when this
was written (migrations never import live code). Idempotent."""

from django.db import migrations

ACTIONS = ("add", "change", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    managers = Group.objects.filter(name="Managers").first()
    if managers is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="languagereview")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_languagereview",
            defaults={"name": f"Can {action} translation check"},
        )
        managers.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0019_case_site_language"),
        ("home", "0016_bsl_video_site_wording_translation_checks"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
