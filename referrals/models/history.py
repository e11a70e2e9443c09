"""Who did what and when to a referral or enquiry. Append-only: nothing here is ever edited."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from referrals.models.choices import CaseEventAction, SubjectRequestKind


class CaseLink(models.Model):
    """Belongs to exactly one referral or one enquiry."""

    # Cases, their history and the outbox are not content other pages link to: keep them out
    # of Wagtail's reference index, whose update would otherwise queue a task on every save.
    wagtail_reference_index_ignore = True

    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    enquiry = models.ForeignKey(
        "referrals.Enquiry", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    class Meta:
        abstract = True

    @property
    def case(self):
        return self.referral or self.enquiry


def one_case_constraint(name):
    return models.CheckConstraint(
        condition=(Q(referral__isnull=False) & Q(enquiry__isnull=True))
        | (Q(referral__isnull=True) & Q(enquiry__isnull=False)),
        name=name,
    )


class CaseEvent(CaseLink):
    action = models.CharField(max_length=20, choices=CaseEventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the public submitted it or the system acted.",
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    detail = models.TextField(
        blank=True,
        max_length=2000,
        help_text="The officer's note on a change, e.g. a decline reason. Never a family's data.",
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [one_case_constraint("caseevent_exactly_one_case")]

    def __str__(self):
        return f"{self.case} {self.get_action_display()}"


class CaseNote(CaseLink):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=5000)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [one_case_constraint("casenote_exactly_one_case")]

    def __str__(self):
        return f"Note on {self.case}"


class CaseExport(models.Model):
    """One export of the queue: who, when, which kind, the format and the references in it
    (never their contents). Its audit-log entry points here, so the site history can show it."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40, help_text="The kind of case exported, e.g. referral.")
    file_format = models.CharField(max_length=10)
    references = models.JSONField(default=list)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "export"

    def __str__(self):
        return f"Export of {len(self.references)} {self.kind} case(s) ({self.file_format})"


class SubjectRequest(models.Model):
    """One subject access or erasure request a Manager answered: who, when, which cases (by
    reference) and, for an erasure, the reason. Never the search terms or the person's details.
    Its audit-log entry points here, so the site history can show it."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=SubjectRequestKind.choices)
    matched_on = models.JSONField(
        default=list, help_text="What was searched by (e.g. email), never the values."
    )
    references = models.JSONField(default=list)
    reason = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Why the details were erased. Never the person's name or details.",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "subject request"

    def __str__(self):
        count = len(self.references)
        what = "Erasure" if self.kind == SubjectRequestKind.ERASURE else "Subject access"
        return f"{what} request covering {count} case{'s' if count != 1 else ''}"
