"""Wagtail's default "Editors" group loses its rights: this site's editors are "Content
editors" (0002), and an unused group with page, image and document rights is one more way to
hand out more than intended. The group stays (nothing that names it breaks); it grants nothing.

"Moderators" keeps its rights: the default moderation workflow's approval task is theirs.
"""

from django.db import migrations


def strip_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    group.permissions.clear()
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=group).delete()
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group=group).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_block_picker_descriptions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(strip_editors_group, migrations.RunPython.noop)]
