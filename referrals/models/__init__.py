"""Referrals, enquiries, their history and notes, and the email outbox."""

from .cases import (
    ContactMethod,
    Enquiry,
    EnquiryStatus,
    Referral,
    ReferralKind,
    ReferralStatus,
    Relationship,
    SessionLocation,
)
from .history import CaseEvent, CaseEventAction, CaseNote
from .outbox import EmailKind, EmailState, OutboundEmail, RecipientRole
from .pages import EnquiryFormPage, ReferralFormPage

__all__ = [
    "CaseEvent",
    "CaseEventAction",
    "CaseNote",
    "ContactMethod",
    "EmailKind",
    "EmailState",
    "Enquiry",
    "EnquiryFormPage",
    "EnquiryStatus",
    "OutboundEmail",
    "RecipientRole",
    "Referral",
    "ReferralFormPage",
    "ReferralKind",
    "ReferralStatus",
    "Relationship",
    "SessionLocation",
]
