"""Referrals, enquiries, their history and notes, the email outbox, and the form pages."""

from .cases import Enquiry, Referral
from .casework import (
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
from .choices import (
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
from .history import CaseEvent, CaseExport, CaseNote, SubjectRequest
from .outbox import OutboundEmail
from .pages import EnquiryFormPage, IntakeFormPage, ReferralFormPage
from .staff import RecoveryCode

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
