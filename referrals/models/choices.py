"""Every fixed list of choices the referral models use, in one place at the bottom of the app.

Nothing here imports anything of ours, so any module may use these. The labels a family reads
on the public forms (Relationship, ContactMethod, SessionLocation) are marked for translation;
the rest are the staff's, in English.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralKind(models.TextChoices):
    SELF = "self", "Parent or carer"
    PROFESSIONAL = "professional", "Professional"


class ReferralStatus(models.TextChoices):
    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    NEEDS_INFORMATION = "needs_information", "Needs more information"
    ACCEPTED = "accepted", "Accepted (awaiting a VIG Guider)"
    ALLOCATED = "allocated", "Allocated to a VIG Guider"
    DECLINED = "declined", "Declined / signposted"
    CLOSED = "closed", "Closed"


class EnquiryStatus(models.TextChoices):
    NEW = "new", "New"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    FOSTER_CARER = "foster_carer", _("Foster carer")
    KINSHIP_CARER = "kinship_carer", _("Grandparent or other family member caring for the child")
    GUARDIAN = "guardian", _("Legal guardian")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class SessionLocation(models.TextChoices):
    HOME = "home", _("At home")
    SCHOOL = "school", _("At school or nursery")
    EITHER = "either", _("Either is fine")
    OTHER = "other", _("Somewhere else")


class CaseEventAction(models.TextChoices):
    SUBMITTED = "submitted", "Received"
    STATUS_CHANGED = "status_changed", "Status changed"
    ASSIGNED = "assigned", "Assigned"
    GUIDER_ALLOCATED = "guider_allocated", "VIG Guider allocated"
    NOTE_ADDED = "note_added", "Note added"
    ANONYMISED = "anonymised", "Personal details removed (retention policy)"
    ERASED = "erased", "Personal details erased at the person's request"
    CASEWORK = "casework", "Casework"
    PRIORITY_SET = "priority_set", "Given priority on the waiting list"
    PRIORITY_REMOVED = "priority_removed", "Priority on the waiting list removed"
    BEYOND_CAPACITY = "beyond_capacity", "Allocated beyond the VIG Guider's capacity"
    SAFE_CONTACT_CHANGED = "safe_contact_changed", "Safe contact changed"


class Channel(models.TextChoices):
    """How an outbox message reaches its recipient."""

    EMAIL = "email", "Email"
    TEXT = "text", "Text message"


class SessionKind(models.TextChoices):
    """The two sessions of a cycle a family is reminded of."""

    FILMING = "filming", "Filming"
    REVIEW = "review", "Shared review"


class Delivery(models.TextChoices):
    """What the provider last said about a sent text (GOV.UK Notify's delivery receipts)."""

    DELIVERED = "delivered", "Delivered"
    PERMANENT_FAILURE = "permanent-failure", "Not delivered: the number is not in use"
    TEMPORARY_FAILURE = "temporary-failure", "Not delivered: the phone was off or out of reach"
    TECHNICAL_FAILURE = "technical-failure", "Not delivered: a fault at the provider"


class EmailKind(models.TextChoices):
    TEAM_NEW_REFERRAL = "team_new_referral", "Team: new referral"
    TEAM_NEW_ENQUIRY = "team_new_enquiry", "Team: new enquiry"
    REFERRER_CONFIRMATION = "referrer_confirmation", "Referrer: confirmation"
    ENQUIRY_CONFIRMATION = "enquiry_confirmation", "Enquirer: confirmation"
    OFFICER_ASSIGNED = "officer_assigned", "Officer: case assigned"
    SESSION_REMINDER = "session_reminder", "Family: session reminder"


class RecipientRole(models.TextChoices):
    TEAM = "team", "Team inbox"
    REFERRER = "referrer", "Referrer"
    OFFICER = "officer", "Officer"


class EmailState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will retry)"
    RETRYING = "retrying", "Retrying"
    GAVE_UP = "gave_up", "Failed (gave up)"
    CANCELLED = "cancelled", "Cancelled (not sent)"


class SubjectRequestKind(models.TextChoices):
    ACCESS = "access", "Subject access (a copy of what we hold)"
    ERASURE = "erasure", "Erasure (personal details removed)"
