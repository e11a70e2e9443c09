import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def grant(apps, schema_editor):
    """Managers and VIG Guiders record casework (Managers for any family) (a copy of the permission as it was when this
    was written: migrations never import live code)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="referrals", model="intervention")
    grants = (
        ("record_casework", "Can record VIG casework", ["Managers", "VIG Guiders"]),
        ("record_any_casework", "Can record VIG casework for any family", ["Managers"]),
    )
    for codename, name, groups in grants:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        for group in Group.objects.filter(name__in=groups):
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0010_declaration_and_enquiry_safe_contact"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
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
                ],
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="Intervention",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "first_contact_on",
                    models.DateField(
                        blank=True,
                        help_text="When the team first spoke with the family.",
                        null=True,
                    ),
                ),
                ("more_cycles_agreed", models.BooleanField(default=False)),
                ("more_cycles_reason", models.CharField(blank=True, max_length=300)),
                ("footage_deleted_on", models.DateField(blank=True, null=True)),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("completed", "Completed"),
                            ("ended_by_family", "Ended early by the family"),
                            ("ended_by_service", "Ended early by the service"),
                            ("moved_away", "Moved away"),
                        ],
                        max_length=20,
                    ),
                ),
                ("ended_on", models.DateField(blank=True, null=True)),
                (
                    "feedback_helpful",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="How helpful the family found it, 1 (not at all) to 5 (very).",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                    ),
                ),
                ("feedback_comment", models.TextField(blank=True, max_length=1000)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "referral",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="intervention",
                        to="referrals.referral",
                    ),
                ),
            ],
            options={
                "verbose_name": "VIG intervention",
                "permissions": [
                    ("record_casework", "Can record VIG casework"),
                    ("record_any_casework", "Can record VIG casework for any family"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Goal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(3),
                        ]
                    ),
                ),
                (
                    "text",
                    models.CharField(
                        max_length=300, verbose_name="the goal, in the family's words"
                    ),
                ),
                (
                    "intervention",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="goals",
                        to="referrals.intervention",
                    ),
                ),
            ],
            options={
                "ordering": ["number"],
            },
        ),
        migrations.CreateModel(
            name="FilmingConsent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "given_by",
                    models.CharField(
                        choices=[
                            ("parent_or_carer", "Parent or carer"),
                            ("young_person", "The young person"),
                        ],
                        max_length=20,
                    ),
                ),
                ("given_on", models.DateField()),
                (
                    "covers",
                    models.CharField(
                        choices=[
                            ("intervention", "The intervention only"),
                            (
                                "training",
                                "The intervention, and the Guider's supervision and training",
                            ),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "keep_footage_until",
                    models.DateField(
                        blank=True,
                        help_text="With consent to supervision and training only: the footage may be kept until this date instead of being deleted when the work ends.",
                        null=True,
                    ),
                ),
                ("withdrawn_on", models.DateField(blank=True, null=True)),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "intervention",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="consents",
                        to="referrals.intervention",
                    ),
                ),
            ],
            options={
                "verbose_name": "consent to filming",
                "ordering": ["given_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="Cycle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)]
                    ),
                ),
                ("filmed_on", models.DateField(blank=True, null=True)),
                (
                    "reviewed_on",
                    models.DateField(
                        blank=True,
                        help_text="When the film was reviewed together.",
                        null=True,
                        verbose_name="shared review on",
                    ),
                ),
                (
                    "location",
                    models.CharField(
                        choices=[
                            ("home", "At home"),
                            ("school", "At school or nursery"),
                            ("other", "Somewhere else"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("done", "Done"),
                            ("cancelled", "Cancelled"),
                            ("did_not_attend", "Did not attend"),
                        ],
                        default="planned",
                        max_length=20,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                (
                    "intervention",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cycles",
                        to="referrals.intervention",
                    ),
                ),
            ],
            options={
                "ordering": ["number"],
            },
        ),
        migrations.CreateModel(
            name="GoalRating",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("start", "At the start"),
                            ("review", "After a review"),
                            ("end", "At the end"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "rating",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(10),
                        ]
                    ),
                ),
                ("rated_on", models.DateField()),
                (
                    "cycle",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="ratings",
                        to="referrals.cycle",
                    ),
                ),
                (
                    "goal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ratings",
                        to="referrals.goal",
                    ),
                ),
            ],
            options={
                "ordering": ["rated_on", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("rating__gte", 0), ("rating__lte", 10)),
                        name="goal_rating_0_to_10",
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.UniqueConstraint(
                fields=("intervention", "number"), name="one_goal_per_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="cycle",
            constraint=models.UniqueConstraint(
                fields=("intervention", "number"), name="one_cycle_per_number"
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
