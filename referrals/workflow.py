"""The triage workflow as data: every allowed status change, in one table.

Services (referrals.services.triage) apply these; views and templates only ask this module
which moves are available. Nothing else decides what may follow what.
"""

from dataclasses import dataclass

from .models import EnquiryStatus, ReferralStatus

CHANGE_REFERRAL = "referrals.change_referral"
REOPEN_REFERRAL = "referrals.reopen_referral"
CHANGE_ENQUIRY = "referrals.change_enquiry"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str  # the button an officer presses
    permission: str = CHANGE_REFERRAL
    needs_decline_reason: bool = False  # a reason and where the family was signposted
    needs_guider: bool = False  # allocation records the VIG Guider


R = ReferralStatus
REFERRAL_TRANSITIONS = (
    Transition(R.NEW, R.UNDER_REVIEW, "Start review"),
    Transition(R.UNDER_REVIEW, R.ACCEPTED, "Accept (awaiting a VIG Guider)"),
    Transition(R.UNDER_REVIEW, R.NEEDS_INFORMATION, "Ask for more information"),
    Transition(R.UNDER_REVIEW, R.DECLINED, "Decline and signpost", needs_decline_reason=True),
    Transition(R.NEEDS_INFORMATION, R.UNDER_REVIEW, "Information received: back to review"),
    Transition(R.ACCEPTED, R.ALLOCATED, "Allocate to a VIG Guider", needs_guider=True),
    Transition(R.ALLOCATED, R.CLOSED, "Close"),
    Transition(R.DECLINED, R.CLOSED, "Close"),
    Transition(R.CLOSED, R.UNDER_REVIEW, "Reopen", permission=REOPEN_REFERRAL),
)

E = EnquiryStatus
ENQUIRY_TRANSITIONS = (
    Transition(E.NEW, E.ANSWERED, "Mark as answered", permission=CHANGE_ENQUIRY),
    Transition(E.ANSWERED, E.CLOSED, "Close", permission=CHANGE_ENQUIRY),
)

# Statuses in which a case still waits for the team's first decision; these become overdue.
AWAITING_DECISION = (R.NEW, R.UNDER_REVIEW)
# Statuses in which nobody needs to act any more.
REFERRAL_FINISHED = (R.CLOSED,)
ENQUIRY_FINISHED = (E.CLOSED,)


def _index(transitions):
    return {(t.source, t.target): t for t in transitions}


_REFERRAL_INDEX = _index(REFERRAL_TRANSITIONS)
_ENQUIRY_INDEX = _index(ENQUIRY_TRANSITIONS)


def find_referral_transition(source, target):
    """The Transition from `source` to `target`, or None when the workflow does not allow it."""
    return _REFERRAL_INDEX.get((source, target))


def find_enquiry_transition(source, target):
    return _ENQUIRY_INDEX.get((source, target))


def referral_transitions_from(status, user=None):
    """The moves available from `status` (to `user`, when given), in table order."""
    return [
        t
        for t in REFERRAL_TRANSITIONS
        if t.source == status and (user is None or user.has_perm(t.permission))
    ]


def enquiry_transitions_from(status, user=None):
    return [
        t
        for t in ENQUIRY_TRANSITIONS
        if t.source == status and (user is None or user.has_perm(t.permission))
    ]
