"""The VIG work with a family after triage: consent to filming, the family's goals, the cycles
(film, edit, shared review), the footage and how it ended.

One Intervention per referral, made when the team first records anything about the work
(usually at allocation). The site stores no video: only dates, ratings and short notes. Free
text here (goals in the family's words, cycle notes, feedback) is removed with the rest of the
case at retention or erasure; the numbers and dates are kept for the service report.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from referrals import permissions as perms
from referrals.permissions import codename


class ConsentGiver(models.TextChoices):
    PARENT_OR_CARER = "parent_or_carer", "Parent or carer"
    YOUNG_PERSON = "young_person", "The young person"


class ConsentCovers(models.TextChoices):
    INTERVENTION = "intervention", "The intervention only"
    TRAINING = "training", "The intervention, and the Guider's supervision and training"


class CycleLocation(models.TextChoices):
    HOME = "home", "At home"
    SCHOOL = "school", "At school or nursery"
    OTHER = "other", "Somewhere else"


class CycleStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class Outcome(models.TextChoices):
    COMPLETED = "completed", "Completed"
    ENDED_BY_FAMILY = "ended_by_family", "Ended early by the family"
    ENDED_BY_SERVICE = "ended_by_service", "Ended early by the service"
    MOVED_AWAY = "moved_away", "Moved away"


class RatingStage(models.TextChoices):
    START = "start", "At the start"
    REVIEW = "review", "After a review"
    END = "end", "At the end"


OFFERED_CYCLES = 3  # three are offered; a fourth or later needs "more cycles agreed"
MAX_CYCLES = 20  # far beyond any agreement; a bound, not a policy
MAX_GOALS = 3
RELIABLE_CHANGE = 2.45  # Goal-Based Outcomes: a change this big or bigger is reliable


class Intervention(models.Model):
    wagtail_reference_index_ignore = True

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, related_name="intervention"
    )
    first_contact_on = models.DateField(
        null=True, blank=True, help_text="When the team first spoke with the family."
    )
    more_cycles_agreed = models.BooleanField(default=False)
    more_cycles_reason = models.CharField(max_length=300, blank=True)
    footage_deleted_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    feedback_helpful = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How helpful the family found it, 1 (not at all) to 5 (very).",
    )
    feedback_comment = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "VIG intervention"
        permissions = [
            (codename(perms.RECORD_CASEWORK), "Can record VIG casework"),
            (codename(perms.RECORD_ANY_CASEWORK), "Can record VIG casework for any family"),
        ]

    def __str__(self):
        return f"VIG work for {self.referral}"


class FilmingConsent(models.Model):
    wagtail_reference_index_ignore = True

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="consents"
    )
    given_by = models.CharField(max_length=20, choices=ConsentGiver.choices)
    given_on = models.DateField()
    covers = models.CharField(max_length=20, choices=ConsentCovers.choices)
    keep_footage_until = models.DateField(
        null=True,
        blank=True,
        help_text="With consent to supervision and training only: the footage may be kept "
        "until this date instead of being deleted when the work ends.",
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = "consent to filming"

    def __str__(self):
        return f"{self.get_given_by_display()} consent for {self.intervention.referral}"


class Goal(models.Model):
    wagtail_reference_index_ignore = True

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_GOALS)]
    )
    text = models.CharField("the goal, in the family's words", max_length=300)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "number"], name="one_goal_per_number")
        ]

    def __str__(self):
        return f"Goal {self.number} for {self.intervention.referral}"


class Cycle(models.Model):
    wagtail_reference_index_ignore = True

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    filmed_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(
        "shared review on", null=True, blank=True, help_text="When the film was reviewed together."
    )
    filming_time = models.TimeField(
        null=True, blank=True, help_text="When the filming session starts (24-hour clock)."
    )
    review_time = models.TimeField(
        null=True, blank=True, help_text="When the shared review session starts (24-hour clock)."
    )
    location = models.CharField(max_length=10, choices=CycleLocation.choices)
    place = models.CharField(
        max_length=150,
        blank=True,
        help_text="Where the sessions are, as the family would recognise it (for example "
        "'Rowan Family Centre, room 2'). Leave empty for the family's home.",
    )
    status = models.CharField(
        max_length=20, choices=CycleStatus.choices, default=CycleStatus.PLANNED
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "number"], name="one_cycle_per_number")
        ]

    def __str__(self):
        return f"Cycle {self.number} for {self.intervention.referral}"


class GoalRating(models.Model):
    """The family's own rating of how far a goal is met, 0 (not at all) to 10 (fully)."""

    wagtail_reference_index_ignore = True

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    stage = models.CharField(max_length=10, choices=RatingStage.choices)
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="ratings"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    rated_on = models.DateField()

    class Meta:
        ordering = ["rated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=0) & models.Q(rating__lte=10),
                name="goal_rating_0_to_10",
            )
        ]

    def __str__(self):
        return f"{self.goal}: {self.rating} ({self.get_stage_display()})"
