"""Demo triage data (called by setup_demo): staff accounts per role and fictional cases.

Every name, address and story here is invented; email addresses use the reserved
example.invalid domain and phone numbers Ofcom's drama range (07700 900xxx).
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import (
    CaseEvent,
    CaseEventAction,
    CaseNote,
    ContactMethod,
    Enquiry,
    EnquiryStatus,
    Referral,
    ReferralKind,
    ReferralStatus,
    Relationship,
    SessionLocation,
)
from ..references import new_reference
from ..roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS
from ..working_days import add_working_days, local_date, start_of_local_day

# Extra demo staff accounts, in the format of home.demo.site.DEMO_ACCOUNTS.
DEMO_ACCOUNTS = [
    # username, password, first name, last name, groups, superuser
    ("officer", "vig-demo-officer", "Olivia", "Officer", (TRIAGE_OFFICERS,), False),
    ("officer2", "vig-demo-officer2", "Owen", "Officer", (TRIAGE_OFFICERS,), False),
    ("manager", "vig-demo-manager", "Morgan", "Manager", (MANAGERS,), False),
    ("guider", "vig-demo-guider", "Grace", "Guider", (VIG_GUIDERS,), False),
]

DEMO_MARKER = "Fictional demo case created by setup_demo."

R = ReferralStatus
# The path each status was reached by, for a believable history.
PATHS = {
    R.NEW: [],
    R.UNDER_REVIEW: [R.UNDER_REVIEW],
    R.NEEDS_INFORMATION: [R.UNDER_REVIEW, R.NEEDS_INFORMATION],
    R.ACCEPTED: [R.UNDER_REVIEW, R.ACCEPTED],
    R.ALLOCATED: [R.UNDER_REVIEW, R.ACCEPTED, R.ALLOCATED],
    R.DECLINED: [R.UNDER_REVIEW, R.DECLINED],
    R.CLOSED: [R.UNDER_REVIEW, R.ACCEPTED, R.ALLOCATED, R.CLOSED],
}

ENQUIRY_PATHS = {
    EnquiryStatus.NEW: [],
    EnquiryStatus.ANSWERED: [EnquiryStatus.ANSWERED],
    EnquiryStatus.CLOSED: [EnquiryStatus.ANSWERED, EnquiryStatus.CLOSED],
}

FIRST_NAMES = [
    "Aila", "Bram", "Cora", "Dex", "Esme", "Finn", "Gwen", "Hugo", "Isla", "Jude", "Kit",
    "Lena", "Milo", "Nell", "Oren", "Pia", "Quin", "Rhea", "Seb", "Tova", "Ula", "Vic",
    "Wyn", "Xan",
]  # fmt: skip
CHANGES = [
    "We argue a lot at bedtime and I would like it to feel calmer for both of us.",
    "My son has started school and I want to understand him better when he is upset.",
    "Since the baby arrived my daughter and I do not seem to connect like we used to.",
    "I would like more confidence playing with my toddler.",
    "We are a foster family and want to build trust with a child who has just joined us.",
    "Mornings are a battle. I would like us to enjoy time together again.",
]
# status, kind, working days ago, flags
SPECS = [
    (R.NEW, ReferralKind.SELF, 0, {}),
    (R.NEW, ReferralKind.PROFESSIONAL, 1, {}),
    (R.NEW, ReferralKind.SELF, 2, {"flagged_possible_spam": True}),
    (R.NEW, ReferralKind.SELF, 3, {"flagged_not_verified": True}),
    (R.NEW, ReferralKind.SELF, 4, {"safe_to_email": False}),
    (R.NEW, ReferralKind.SELF, 8, {}),  # overdue
    (R.NEW, ReferralKind.PROFESSIONAL, 12, {}),  # overdue
    (R.UNDER_REVIEW, ReferralKind.SELF, 2, {}),
    (R.UNDER_REVIEW, ReferralKind.PROFESSIONAL, 3, {"safe_to_email": False}),
    (R.UNDER_REVIEW, ReferralKind.SELF, 9, {}),  # overdue
    (R.NEEDS_INFORMATION, ReferralKind.SELF, 6, {}),
    (R.NEEDS_INFORMATION, ReferralKind.PROFESSIONAL, 7, {}),
    (R.ACCEPTED, ReferralKind.SELF, 10, {}),
    (R.ACCEPTED, ReferralKind.PROFESSIONAL, 11, {}),
    (R.ACCEPTED, ReferralKind.SELF, 14, {}),
    (R.ALLOCATED, ReferralKind.SELF, 15, {}),
    (R.ALLOCATED, ReferralKind.PROFESSIONAL, 20, {}),
    (R.ALLOCATED, ReferralKind.SELF, 25, {}),
    (R.DECLINED, ReferralKind.SELF, 9, {}),
    (R.DECLINED, ReferralKind.PROFESSIONAL, 13, {}),
    (R.CLOSED, ReferralKind.SELF, 40, {}),
    (R.CLOSED, ReferralKind.PROFESSIONAL, 60, {}),
    (R.NEW, ReferralKind.SELF, 1, {"flagged_possible_spam": True, "flagged_not_verified": True}),
    (R.UNDER_REVIEW, ReferralKind.SELF, 5, {"flagged_not_verified": True}),
]
ENQUIRIES = [
    (EnquiryStatus.NEW, 0, "Is VIG only for babies, or can it help with a teenager?", {}),
    (EnquiryStatus.NEW, 2, "Can both parents come to the review sessions?", {}),
    (EnquiryStatus.NEW, 9, "Do we have to be filmed at home?", {}),  # overdue
    (EnquiryStatus.NEW, 1, "Cheap watches for sale", {"flagged_possible_spam": True}),
    (EnquiryStatus.ANSWERED, 4, "How long is the waiting list at the moment?", {}),
    (EnquiryStatus.CLOSED, 30, "Is there a cost for VIG?", {}),
]


def _received(working_days_ago, hour):
    day = add_working_days(local_date(), -working_days_ago)
    moment = start_of_local_day(day) + timedelta(hours=hour)
    latest = timezone.now() - timedelta(minutes=30)
    return min(moment, latest)


def _users():
    User = get_user_model()
    found = {
        u.username: u for u in User.objects.filter(username__in=["officer", "officer2", "guider"])
    }
    return found.get("officer"), found.get("officer2"), found.get("guider")


def _event(case, action, actor, when, **fields):
    return CaseEvent.objects.create(
        **case.link(), action=action, actor=actor, created_at=when, **fields
    )


def _referral(index, status, kind, days_ago, flags, officer, officer2, guider):
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    received = _received(days_ago, 9 + index % 8)
    fields = {
        "reference": new_reference(),
        "received_at": received,
        "status_changed_at": received,
        "kind": kind,
        "status": status,
        "safe_to_email": True,
        "safe_to_text": index % 3 != 0,
        "safe_to_phone": True,
        "safe_to_voicemail": index % 2 == 0,
        "contact_name": f"{first} Example",
        "relationship": [
            Relationship.PARENT,
            Relationship.FOSTER_CARER,
            Relationship.KINSHIP_CARER,
        ][index % 3],
        "email": f"{first.lower()}.example@example.invalid",
        "phone": f"+447700900{index:03d}",
        "preferred_contact": [ContactMethod.PHONE, ContactMethod.EMAIL, ContactMethod.TEXT][
            index % 3
        ],
        "contact_times": "Weekday mornings",
        "postcode": f"EH5{index % 5} 6ZZ",
        "child_first_name": f"Demo{FIRST_NAMES[(index + 7) % len(FIRST_NAMES)]}",
        "child_date_of_birth": date(2012 + index % 12, 1 + index % 12, 1 + index % 27),
        "school_or_nursery": "Fictional Primary School" if index % 2 else "",
        "what_to_change": CHANGES[index % len(CHANGES)],
        "session_location": [SessionLocation.HOME, SessionLocation.SCHOOL, SessionLocation.EITHER][
            index % 3
        ],
        "language": "Polish" if index % 7 == 0 else "",
        "interpreter_needed": index % 7 == 0,
        "consent_privacy": True,
        "consent_contact": True,
        "assigned_to": None if status == R.NEW else (officer if index % 2 else officer2),
        **flags,
    }
    if kind == ReferralKind.PROFESSIONAL:
        fields.update(
            family_agrees=True,
            professional_name="Pat Example",
            professional_role="Health visitor",
            professional_organisation="Fictional Health Centre",
            professional_email="pat.example@example.invalid",
            professional_phone="+447700900999",
        )
    if flags.get("flagged_possible_spam"):
        fields["spam_reason"] = "Low reCAPTCHA score (demo)"
    if status in (R.ALLOCATED, R.CLOSED):
        fields["guider"] = guider
    if status == R.DECLINED:
        fields["decline_reason"] = "The family is looking for help with sleep, not interaction."
        fields["signposted_to"] = "Fictional sleep support service"
    referral = Referral.objects.create(**fields)
    _event(referral, CaseEventAction.SUBMITTED, None, received, detail=DEMO_MARKER)
    previous = R.NEW
    when = received
    for step in PATHS[status]:
        when = min(when + timedelta(hours=20), timezone.now() - timedelta(minutes=5))
        if step == R.ALLOCATED and guider is not None:
            _event(
                referral,
                CaseEventAction.GUIDER_ALLOCATED,
                officer,
                when,
                detail="VIG Guider: Grace Guider",
            )
        _event(
            referral,
            CaseEventAction.STATUS_CHANGED,
            officer,
            when,
            from_status=previous,
            to_status=step,
        )
        previous = step
    if status == R.CLOSED:
        Referral.objects.filter(pk=referral.pk).update(closed_at=when, status_changed_at=when)
    elif PATHS[status]:
        Referral.objects.filter(pk=referral.pk).update(status_changed_at=when)
    if status == R.NEEDS_INFORMATION and officer is not None:
        note = CaseNote.objects.create(
            referral=referral, author=officer, text="Asked which school the child attends."
        )
        CaseNote.objects.filter(pk=note.pk).update(created_at=when)
        _event(referral, CaseEventAction.NOTE_ADDED, officer, when)
    return referral


@transaction.atomic
def setup_cases():
    """Create clearly fictional referrals and enquiries; return how many were created.

    Idempotent: nothing is created when any demo case already exists.
    """
    if CaseEvent.objects.filter(action=CaseEventAction.SUBMITTED, detail=DEMO_MARKER).exists():
        return 0
    officer, officer2, guider = _users()
    created = 0
    for index, (status, kind, days_ago, flags) in enumerate(SPECS):
        _referral(index, status, kind, days_ago, flags, officer, officer2, guider)
        created += 1
    for index, (status, days_ago, question, flags) in enumerate(ENQUIRIES):
        received = _received(days_ago, 10 + index)
        enquiry = Enquiry.objects.create(
            reference=new_reference(),
            received_at=received,
            status_changed_at=received,
            status=status,
            name=f"{FIRST_NAMES[-index - 1]} Example",
            email=f"enquirer{index}@example.invalid",
            question=question,
            assigned_to=officer if status != EnquiryStatus.NEW else None,
            closed_at=received + timedelta(days=2) if status == EnquiryStatus.CLOSED else None,
            spam_reason="Low reCAPTCHA score (demo)" if flags else "",
            **flags,
        )
        _event(enquiry, CaseEventAction.SUBMITTED, None, received, detail=DEMO_MARKER)
        previous = EnquiryStatus.NEW
        for step in ENQUIRY_PATHS[status]:
            received += timedelta(days=1)
            _event(
                enquiry,
                CaseEventAction.STATUS_CHANGED,
                officer,
                min(received, timezone.now()),
                from_status=previous,
                to_status=step,
            )
            previous = step
        created += 1
    return created
