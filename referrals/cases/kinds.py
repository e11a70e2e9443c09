"""One description per kind of case: everything the shared code needs to know about it.

A kind of case (a referral, an enquiry) is described here once: its statuses and their groups,
the workflow's allowed moves, the fields anonymised under the retention policy, the export's
columns, the list's search fields and the words used for it. The workflow services, selectors,
list filters, export, retention and admin screens read the description instead of asking
"is this a referral?".

Adding a kind of case: write its model (a subclass of referrals.models.cases.Case, with a
`status` field and its choices in referrals.models.choices, and a foreign key for it on
CaseLink and OutboundEmail), describe it below and add it to KINDS, then register a ModelAdmin
for it (referrals.triage.admin.case_admin) with a presenter for its case page.
"""

from dataclasses import dataclass, field

from referrals import permissions as perms
from referrals.models import Cycle, Enquiry, Goal, Intervention, Referral
from referrals.models.choices import EnquiryStatus, ReferralStatus

CHANGE_REFERRAL = perms.CHANGE_REFERRAL
REOPEN_REFERRAL = perms.REOPEN_REFERRAL
CHANGE_ENQUIRY = perms.CHANGE_ENQUIRY

# How retention treats a field (see CaseKind.anonymise).
REMOVED = "removed"  # replaced by the REMOVED_TEXT marker (empty stays empty)
BLANK = "blank"  # emptied (text "", other fields empty: None)
POSTCODE_DISTRICT = "postcode_district"  # "EH54 6FF" -> "EH54": kept for reporting
YEAR_ONLY = "year_only"  # a date becomes 1 January of its year: kept for reporting
REMOVED_TEXT = "[removed under the retention policy]"
ERASED_TEXT = "[erased at the person's request]"  # the same, after an erasure request

# Columns computed from the case rather than read from a field (see referrals.cases.export).
AGE_IN_DAYS = "age_in_days"
FLAGS = "flags"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str  # the button an officer presses
    permission: str = CHANGE_REFERRAL
    needs_decline_reason: bool = False  # a reason and where the family was signposted
    needs_guider: bool = False  # allocation records the VIG Guider


@dataclass(frozen=True)
class Related:
    """Rows of another model that belong to a case and hold free text about the family:
    retention and erasure treat `fields` as they treat the case's own (REMOVED or BLANK)."""

    model: type
    link: str  # the lookup from that model to the case, e.g. "intervention__referral"
    fields: dict


@dataclass(frozen=True)
class Person:
    """Someone whose details a case holds, as subject access and erasure requests find them.

    Field names on the case: a person is found by their email, their phone, or their name with
    their postcode (by name alone where the case holds no postcode for them, which the Manager
    is told to check; a child by first name with date of birth and postcode). `erase`: the
    fields removed when only this person asks to be erased; empty means the whole case is about
    them, so the whole case is anonymised.
    """

    role: str  # "the parent or carer"
    email: str = ""
    phone: str = ""
    name: str = ""
    postcode: str = ""
    born: str = ""  # a date of birth that must match too (a child: first names are common)
    erase: tuple = ()

    @property
    def fields(self):
        """Every field of the case that holds this person's own details."""
        named = (self.email, self.phone, self.name, self.postcode, self.born)
        return {name for name in (*named, *self.erase) if name}


@dataclass(frozen=True, eq=False)  # one object per kind: compared and hashed by identity
class CaseKind:
    model: type
    statuses: type  # the TextChoices of the model's `status`
    transitions: tuple
    # Status groups. `awaiting_action`: waiting for the team's first decision (these become
    # overdue); `open`: still with the triage team (shown prominently); `finished`: nobody
    # needs to act any more (closing sets closed_at; retention starts counting from it).
    awaiting_action: tuple
    open: tuple
    finished: tuple
    anonymise: dict  # field name -> REMOVED, BLANK, POSTCODE_DISTRICT or YEAR_ONLY
    export_columns: tuple  # (heading, field name or AGE_IN_DAYS or FLAGS)
    search_fields: tuple  # what the queue's name search looks in (besides the reference)
    # The only fields a public submission may write (an allow-list: a new model field is never
    # writable from a form by accident).
    intake_fields: frozenset
    noun: str  # "A referral", as in "A referral that is “New” cannot be moved to …"
    has_safe_contact: bool = False  # the case records whether email is safe
    # The staff member the family is allocated to: a VIG Guider without triage rights sees
    # only the cases where it is them (no field: sees none of this kind).
    allocated_field: str = ""
    list_filters: tuple = field(default=())  # the model's own fields the list filters by
    list_columns: tuple = field(default=())  # its own fields the list shows after the reference
    people: tuple = field(default=())  # the Persons whose details it holds
    related: tuple = field(default=())  # Related rows anonymised with it (casework)

    @property
    def name(self):
        return self.model._meta.model_name

    def permission(self, action):
        return f"{self.model._meta.app_label}.{action}_{self.name}"

    def find_transition(self, source, target):
        """The Transition from `source` to `target`, or None when the workflow forbids it."""
        for transition in self.transitions:
            if transition.source == source and transition.target == target:
                return transition
        return None

    def transitions_from(self, status, user=None):
        """The moves available from `status` (to `user`, when given), in table order."""
        return [
            t
            for t in self.transitions
            if t.source == status and (user is None or user.has_perm(t.permission))
        ]

    def status_label(self, status):
        if not status:
            return ""
        try:
            return self.statuses(status).label
        except ValueError:
            return str(status)


R = ReferralStatus
REFERRAL = CaseKind(
    model=Referral,
    statuses=ReferralStatus,
    transitions=(
        Transition(R.NEW, R.UNDER_REVIEW, "Start review"),
        Transition(R.UNDER_REVIEW, R.ACCEPTED, "Accept (awaiting a VIG Guider)"),
        Transition(R.UNDER_REVIEW, R.NEEDS_INFORMATION, "Ask for more information"),
        Transition(R.UNDER_REVIEW, R.DECLINED, "Decline and signpost", needs_decline_reason=True),
        Transition(R.NEEDS_INFORMATION, R.UNDER_REVIEW, "Information received: back to review"),
        Transition(R.ACCEPTED, R.ALLOCATED, "Allocate to a VIG Guider", needs_guider=True),
        Transition(R.ALLOCATED, R.CLOSED, "Close"),
        Transition(R.DECLINED, R.CLOSED, "Close"),
        Transition(R.CLOSED, R.UNDER_REVIEW, "Reopen", permission=REOPEN_REFERRAL),
    ),
    awaiting_action=(R.NEW, R.UNDER_REVIEW),
    open=(R.NEW, R.UNDER_REVIEW, R.NEEDS_INFORMATION, R.ACCEPTED),
    finished=(R.CLOSED,),
    anonymise={
        "contact_name": REMOVED,
        "relationship_other": BLANK,
        "email": BLANK,
        "phone": BLANK,
        "contact_times": BLANK,
        "postcode": POSTCODE_DISTRICT,
        "child_first_name": REMOVED,
        "child_date_of_birth": YEAR_ONLY,
        "school_or_nursery": BLANK,
        "what_to_change": REMOVED,
        "session_location_other": BLANK,
        "other_services": BLANK,
        "access_needs": BLANK,
        "professional_name": BLANK,
        "professional_email": BLANK,
        "professional_phone": BLANK,
        "decline_reason": REMOVED,
        "signposted_to": REMOVED,
        "spam_reason": BLANK,
        "recaptcha_score": BLANK,
    },
    export_columns=(
        ("Reference", "reference"),
        ("Kind", "kind"),
        ("Received", "received_at"),
        ("Age (days)", AGE_IN_DAYS),
        ("Status", "status"),
        ("Assigned to", "assigned_to"),
        ("VIG Guider", "guider"),
        ("Flags", FLAGS),
        ("Parent or carer", "contact_name"),
        ("Postcode", "postcode"),
        ("Child's first name", "child_first_name"),
        ("School or nursery", "school_or_nursery"),
        ("Sessions", "session_location"),
        ("Language the family used", "site_language"),
        ("Preferred language", "language"),
        ("Interpreter needed", "interpreter_needed"),
        ("Referring organisation", "professional_organisation"),
        ("Decline reason", "decline_reason"),
        ("Signposted to", "signposted_to"),
        ("Closed", "closed_at"),
    ),
    search_fields=("contact_name", "child_first_name", "professional_name", "postcode"),
    intake_fields=frozenset(
        {
            "safe_to_email",
            "safe_to_text",
            "safe_to_phone",
            "safe_to_voicemail",
            "may_name_team",
            "contact_name",
            "relationship",
            "relationship_other",
            "email",
            "phone",
            "preferred_contact",
            "contact_times",
            "postcode",
            "child_first_name",
            "child_date_of_birth",
            "school_or_nursery",
            "what_to_change",
            "session_location",
            "session_location_other",
            "other_services",
            "language",
            "interpreter_needed",
            "access_needs",
            "consent_privacy",
            "consent_contact",
            "family_agrees",
            "professional_name",
            "professional_role",
            "professional_organisation",
            "professional_email",
            "professional_phone",
        }
    ),
    noun="A referral",
    has_safe_contact=True,
    allocated_field="guider",
    list_filters=("status", "kind", "site_language"),
    list_columns=("kind",),
    related=(
        Related(Goal, "intervention__referral", {"text": REMOVED}),
        Related(Cycle, "intervention__referral", {"note": BLANK, "place": BLANK}),
        Related(Intervention, "referral", {"more_cycles_reason": BLANK, "feedback_comment": BLANK}),
    ),
    people=(
        Person(
            "the parent or carer",
            email="email",
            phone="phone",
            name="contact_name",
            postcode="postcode",
        ),
        Person(
            "the child or young person",
            name="child_first_name",
            postcode="postcode",
            born="child_date_of_birth",
        ),
        Person(
            "the referring professional",
            email="professional_email",
            phone="professional_phone",
            name="professional_name",
            erase=(
                "professional_name",
                "professional_email",
                "professional_phone",
                "professional_role",
            ),
        ),
    ),
)

E = EnquiryStatus
ENQUIRY = CaseKind(
    model=Enquiry,
    statuses=EnquiryStatus,
    transitions=(
        Transition(E.NEW, E.ANSWERED, "Mark as answered", permission=CHANGE_ENQUIRY),
        Transition(E.ANSWERED, E.CLOSED, "Close", permission=CHANGE_ENQUIRY),
    ),
    awaiting_action=(E.NEW,),
    open=(E.NEW,),
    finished=(E.CLOSED,),
    anonymise={
        "name": REMOVED,
        "email": BLANK,
        "phone": BLANK,
        "question": REMOVED,
        "spam_reason": BLANK,
        "recaptcha_score": BLANK,
    },
    export_columns=(
        ("Reference", "reference"),
        ("Received", "received_at"),
        ("Age (days)", AGE_IN_DAYS),
        ("Status", "status"),
        ("Assigned to", "assigned_to"),
        ("Flags", FLAGS),
        ("Name", "name"),
        ("Language the family used", "site_language"),
        ("Closed", "closed_at"),
    ),
    search_fields=("name",),
    intake_fields=frozenset(
        {
            "safe_to_email",
            "safe_to_text",
            "safe_to_phone",
            "safe_to_voicemail",
            "may_name_team",
            "name",
            "email",
            "phone",
            "preferred_contact",
            "question",
        }
    ),
    noun="An enquiry",
    has_safe_contact=True,
    list_filters=("status", "site_language"),
    people=(Person("the person asking", email="email", phone="phone", name="name"),),
)

KINDS = (REFERRAL, ENQUIRY)
_BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_of(case_or_model):
    """The description of a case, or of a case model."""
    model = case_or_model if isinstance(case_or_model, type) else type(case_or_model)
    return _BY_MODEL[model]
