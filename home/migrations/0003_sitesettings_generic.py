"""One team, one set of settings: SiteSettings stops belonging to a Site (BaseGenericSetting).

Before the `site` column goes, only the default site's row is kept (a one-team install has just
that one); the settings it holds are the team's contact details, no personal data.
"""

from django.db import migrations


def keep_default_sites_settings(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    rows = list(SiteSettings.objects.order_by("-site__is_default_site", "pk"))
    for extra in rows[1:]:
        extra.delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0002_content_editors_group")]

    operations = [
        migrations.RunPython(keep_default_sites_settings, migrations.RunPython.noop),
        migrations.RemoveField(model_name="sitesettings", name="site"),
    ]
