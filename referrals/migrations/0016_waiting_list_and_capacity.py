"""A VIG Guider's capacity, a referral's priority on the waiting list, and the history's entries
for them.

Adding `priority` rebuilds referrals_referral on SQLite, which refuses while the reference
triggers of 0015 name it: they are dropped first and installed again after
(_reference_triggers.py).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from referrals.migrations._reference_triggers import install, remove

class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0015_reference_unique_across_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove, install, elidable=False),
        migrations.AddField(
            model_name="referral",
            name="priority",
            field=models.BooleanField(
                default=False,
                help_text="Seen before the other accepted families on the waiting list. The "
                "reason is recorded in the case's history.",
            ),
        ),
        migrations.CreateModel(
            name="GuiderCapacity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "families",
                    models.PositiveSmallIntegerField(
                        default=6,
                        help_text="How many families this VIG Guider can work with at once. "
                        "Allocating more asks the officer for a reason.",
                    ),
                ),
                (
                    "guider",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="guider_capacity",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "VIG Guider's capacity",
                "verbose_name_plural": "VIG Guiders' capacities",
            },
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submitted", "Received"),
                    ("status_changed", "Status changed"),
                    ("assigned", "Assigned"),
                    ("guider_allocated", "VIG Guider allocated"),
                    ("note_added", "Note added"),
                    ("anonymised", "Personal details removed (retention policy)"),
                    ("erased", "Personal details erased at the person's request"),
                    ("casework", "Casework"),
                    ("priority_set", "Given priority on the waiting list"),
                    ("priority_removed", "Priority on the waiting list removed"),
                    ("beyond_capacity", "Allocated beyond the VIG Guider's capacity"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
