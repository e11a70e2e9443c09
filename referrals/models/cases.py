"""What a family (or a professional on their behalf) sends us.

Data minimisation: only what triage needs; see the data dictionary in README.md. Every model
that holds personal data returns its reference from __str__, never a name, because labels such
as audit-log entries outlive the record.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from referrals import permissions as perms
from referrals.models.choices import (
    ContactMethod,
    EnquiryStatus,
    ReferralKind,
    ReferralStatus,
    Relationship,
    SessionLocation,
)
from referrals.models.languages import language_choices
from referrals.permissions import codename


class Case(models.Model):
    """What referrals and enquiries share: reference, status, assignment, flags, version."""

    # Cases, their history and the outbox are not content other pages link to: keep them out
    # of Wagtail's reference index, whose update would otherwise queue a task on every save.
    wagtail_reference_index_ignore = True

    reference = models.CharField(max_length=14, unique=True, editable=False)
    received_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The triage officer working on it.",
    )
    # Spam signals never reject a submission: they flag it for the officer.
    flagged_possible_spam = models.BooleanField(default=False, db_index=True)
    flagged_not_verified = models.BooleanField(default=False, db_index=True)
    spam_reason = models.CharField(max_length=200, blank=True)
    recaptcha_score = models.FloatField(null=True, blank=True)
    # Optimistic concurrency: every workflow change bumps it; a stale version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set from the address it was sent from (/pl/…), never from the form's answers; the
    # family's emails and texts go in it (referrals.outbox.sending), the team's in English.
    site_language = models.CharField(
        "language the family used",
        max_length=10,
        choices=language_choices(),
        default=settings.LANGUAGE_CODE,
        editable=False,
        help_text="The language of the site when it was sent: our messages to them use it.",
    )

    # The foreign key by which history, notes and outbox rows point at this kind of case.
    link_field = ""

    class Meta:
        abstract = True
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return self.reference

    def link(self):
        """Keyword arguments that point a CaseEvent, CaseNote or OutboundEmail at this case."""
        return {self.link_field: self}

    @property
    def is_flagged(self):
        return self.flagged_possible_spam or self.flagged_not_verified


class Referral(Case):
    link_field = "referral"

    kind = models.CharField(max_length=20, choices=ReferralKind.choices)
    # Looked up by status through referral_status_received (status, received_at).
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.NEW
    )

    # Safe contact: the first thing an officer sees, honoured by everything downstream.
    safe_to_email = models.BooleanField(default=False)
    safe_to_text = models.BooleanField(default=False)
    safe_to_phone = models.BooleanField(default=False)
    safe_to_voicemail = models.BooleanField(default=False)
    may_name_team = models.BooleanField(
        "can we say who we are in a text or voicemail",
        default=False,
        help_text="Off: texts and voicemails never name the team or the council.",
    )

    # The parent or carer.
    contact_name = models.CharField("parent or carer's name", max_length=100)
    relationship = models.CharField(
        "relationship to the child", max_length=20, choices=Relationship.choices
    )
    relationship_other = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored as +44…")
    preferred_contact = models.CharField(max_length=10, choices=ContactMethod.choices, blank=True)
    contact_times = models.CharField("best times to contact", max_length=200, blank=True)
    postcode = models.CharField(max_length=8)

    # The child.
    child_first_name = models.CharField(max_length=60)
    child_date_of_birth = models.DateField()
    school_or_nursery = models.CharField(max_length=150, blank=True)

    # What they would like.
    what_to_change = models.TextField(max_length=2000)
    session_location = models.CharField(max_length=10, choices=SessionLocation.choices)
    session_location_other = models.CharField(max_length=150, blank=True)
    other_services = models.TextField(max_length=1000, blank=True)
    language = models.CharField("preferred language", max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    access_needs = models.TextField(max_length=1000, blank=True)

    # Consent.
    consent_privacy = models.BooleanField(default=False)
    consent_contact = models.BooleanField(default=False)
    family_agrees = models.BooleanField(
        default=False, help_text="Professional referrals: the family agrees to the referral."
    )
    # Sending from "Check your answers" accepts the declaration shown there (the privacy
    # notice read, contact agreed): when it was shown and accepted. Empty for referrals sent
    # before the question pages, whose two consent ticks are the two fields above.
    declaration_accepted_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The professional, for professional referrals only.
    professional_name = models.CharField(max_length=100, blank=True)
    professional_role = models.CharField(max_length=100, blank=True)
    professional_organisation = models.CharField(max_length=150, blank=True)
    professional_email = models.EmailField(max_length=254, blank=True)
    professional_phone = models.CharField(max_length=20, blank=True)

    # Workflow.
    guider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="VIG Guider",
        help_text="The VIG Guider allocated to the family.",
    )
    priority = models.BooleanField(
        default=False,
        help_text="Seen before the other accepted families on the waiting list. The reason is "
        "recorded in the case's history.",
    )
    decline_reason = models.TextField(max_length=1000, blank=True)
    signposted_to = models.CharField(max_length=200, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta(Case.Meta):
        verbose_name = "referral"
        permissions = [
            (codename(perms.EXPORT_REFERRAL), "Can export referrals"),
            (codename(perms.REOPEN_REFERRAL), "Can reopen closed referrals"),
            (codename(perms.APPLY_RETENTION), "Can apply the retention policy"),
            (
                codename(perms.ANSWER_SUBJECT_REQUESTS),
                "Can answer subject access and erasure requests",
            ),
            (codename(perms.VIEW_SERVICE_REPORT), "Can see the service report"),
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="referral_status_received")]


class Enquiry(Case):
    link_field = "enquiry"

    # Looked up by status through enquiry_status_received (status, received_at).
    status = models.CharField(
        max_length=20, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    # Safe contact, asked as on a referral: the reply honours it.
    safe_to_email = models.BooleanField(default=False)
    safe_to_text = models.BooleanField(default=False)
    safe_to_phone = models.BooleanField(default=False)
    safe_to_voicemail = models.BooleanField(default=False)
    may_name_team = models.BooleanField(
        "can we say who we are in a text or voicemail",
        default=False,
        help_text="Off: texts and voicemails never name the team or the council.",
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored as +44…")
    preferred_contact = models.CharField(max_length=10, choices=ContactMethod.choices, blank=True)
    question = models.TextField(max_length=2000)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta(Case.Meta):
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"
        permissions = [(codename(perms.EXPORT_ENQUIRY), "Can export enquiries")]
        indexes = [models.Index(fields=["status", "received_at"], name="enquiry_status_received")]
