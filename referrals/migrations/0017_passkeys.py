from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("referrals", "0016_waiting_list_and_capacity")]

    operations = []
