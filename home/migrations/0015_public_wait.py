from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("home", "0014_service_status_and_review_dates")]

    operations = []
