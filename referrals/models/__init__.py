"""Referrals, enquiries, their history and notes, the email outbox, and the form pages."""

from referrals.models.cases import Enquiry, Referral
from referrals.models.casework import (
    ConsentCovers,
    ConsentGiver,
    Cycle,
    CycleLocation,
    CycleStatus,
    FilmingConsent,
    Goal,
    GoalRating,
    Intervention,
    Outcome,
    RatingStage,
)
from referrals.models.choices import (
    CaseEventAction,
    ContactMethod,
    EmailKind,
    EmailState,
    EnquiryStatus,
    RecipientRole,
    ReferralKind,
    ReferralStatus,
    Relationship,
    SessionLocation,
    SubjectRequestKind,
)
from referrals.models.history import CaseEvent, CaseExport, CaseNote, SubjectRequest
from referrals.models.outbox import OutboundEmail
from referrals.models.pages import EnquiryFormPage, IntakeFormPage, ReferralFormPage
from referrals.models.staff import GuiderCapacity, RecoveryCode

__all__ = [
    "ConsentCovers",
    "ConsentGiver",
    "Cycle",
    "CycleLocation",
    "CycleStatus",
    "FilmingConsent",
    "Goal",
    "GoalRating",
    "Intervention",
    "Outcome",
    "RatingStage",
    "CaseEvent",
    "CaseEventAction",
    "CaseExport",
    "CaseNote",
    "ContactMethod",
    "EmailKind",
    "EmailState",
    "Enquiry",
    "EnquiryFormPage",
    "EnquiryStatus",
    "IntakeFormPage",
    "OutboundEmail",
    "RecipientRole",
    "GuiderCapacity",
    "RecoveryCode",
    "Referral",
    "ReferralFormPage",
    "ReferralKind",
    "ReferralStatus",
    "Relationship",
    "SessionLocation",
    "SubjectRequest",
    "SubjectRequestKind",
]
