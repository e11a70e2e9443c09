from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("referrals", "0015_reference_unique_across_kinds")]

    operations = []
