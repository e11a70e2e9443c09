"""Create the Content editors group: pages, images, documents and site settings; no referrals."""

from django.db import migrations


def create_content_editors(apps, schema_editor):
    from home.roles import sync_content_editors

    sync_content_editors(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_content_editors, migrations.RunPython.noop)]
