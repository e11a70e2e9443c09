"""Translations with wagtail-localize: Content editors may submit pages and snippets for
translation ("Translate this page"); Wagtail's default "Editors" group, which wagtail-localize's
own migration gives that right, grants nothing again (0006 says why).

The migration's own copy of what it needs (migrations never import live code). Idempotent.
"""

from django.db import migrations


def grant_and_strip(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    submit, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    editors, _ = Group.objects.get_or_create(name="Content editors")
    editors.permissions.add(submit)
    wagtail_default = Group.objects.filter(name="Editors").first()
    if wagtail_default is not None:
        wagtail_default.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0016_bsl_video_site_wording_translation_checks"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant_and_strip, migrations.RunPython.noop)]
