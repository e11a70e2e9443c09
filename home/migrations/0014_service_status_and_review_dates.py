from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("home", "0013_sitesettings_area_served")]

    operations = []
