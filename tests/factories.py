"""Fictional staff, cases and casework for tests, one call each.

Users come by role (`UserFactory(manager=True)`), cases as the public forms leave them
(`ReferralFactory()`, `EnquiryFactory()`), and further along through the same services the
team uses, so the history, the version and the audit log are what the service writes:

    ReferralFactory(allocated=True)             # through the workflow to a VIG Guider
    ReferralFactory(with_completed_cycle=True)  # ... consent, one cycle filmed and reviewed
    FamilyFactory()                             # ... consent, two goals, a completed cycle
    EnquiryFactory(answered=True)

A plain ReferralFactory() or EnquiryFactory() is only the row (as many tests want it); add
`submitted=True` for the "received" history entry the public form records. A case walked
through the workflow (`moved_to=<status>`, `moved_by=<user>`) always has it.
"""

from collections import deque
from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from home.roles import CONTENT_EDITORS
from referrals.cases.kinds import kind_of
from referrals.cases.references import new_reference
from referrals.casework import services as casework
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    ConsentCovers,
    ConsentGiver,
    CycleLocation,
    CycleStatus,
    EmailKind,
    Enquiry,
    EnquiryStatus,
    OutboundEmail,
    RatingStage,
    RecipientRole,
    Referral,
    ReferralKind,
    ReferralStatus,
    Relationship,
    SessionLocation,
)
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS
from referrals.triage import services as triage

PASSWORD = "a-test-password-123"
FAMILY_RECEIVED_DAYS_AGO = 120  # a family in work has waited a while: every date fits before today
START_RATING = 3
REVIEW_RATING = 5


# Staff ----------------------------------------------------------------------------------------


class StepsFactory(factory.django.DjangoModelFactory):
    """A factory whose `_steps` are not fields but things done after the row is saved, through
    the services (`after_create`). They are plain declarations, so traits can set them (a trait
    cannot reach a post-generation hook); building without saving ignores them."""

    _steps = ()

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        for name in cls._steps:
            kwargs.pop(name, None)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        steps = {name: kwargs.pop(name) for name in cls._steps if name in kwargs}
        instance = cls.save_row(model_class, *args, **kwargs)
        cls.after_create(instance, **steps)
        return instance

    @classmethod
    def save_row(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **kwargs)

    @classmethod
    def after_create(cls, instance, **steps):
        pass


class UserFactory(StepsFactory):
    """A staff account; a role trait puts it in that role's group (made by the migrations)."""

    _steps = ("groups",)

    class Meta:
        model = get_user_model()

    class Params:
        officer = factory.Trait(groups=(TRIAGE_OFFICERS,))
        manager = factory.Trait(groups=(MANAGERS,))
        guider = factory.Trait(groups=(VIG_GUIDERS,))
        editor = factory.Trait(groups=(CONTENT_EDITORS,))
        superuser = factory.Trait(is_superuser=True)

    username = factory.Sequence(lambda n: f"staff{n}")
    password = PASSWORD
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    first_name = factory.LazyAttribute(lambda user: user.username.title())
    last_name = "Tester"
    is_superuser = False
    groups = ()  # the names of the groups to join

    @classmethod
    def save_row(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)  # hashes the password

    @classmethod
    def after_create(cls, user, *, groups=()):
        if groups:
            user.groups.add(*Group.objects.filter(name__in=groups))


def make_user(username, *groups, superuser=False):
    """A staff account called `username` in `groups` (their names), password PASSWORD."""
    return UserFactory(username=username, groups=groups, is_superuser=superuser)


# Cases ----------------------------------------------------------------------------------------


def workflow_path(case, to):
    """The fewest transitions the case's workflow table allows from its status to `to`."""
    transitions = kind_of(case).transitions
    paths = {case.status: []}
    queue = deque([case.status])
    while queue:
        status = queue.popleft()
        if status == to:
            return paths[status]
        for transition in transitions:
            if transition.source == status and transition.target not in paths:
                paths[transition.target] = [*paths[status], transition]
                queue.append(transition.target)
    raise ValueError(f"The workflow has no way from {case.status} to {to}")


def move_case(case, to, *, by=None, guider=None):
    """Walk `case` to status `to` through triage.case_transition, as an officer would: each
    move in the history, a new version each time. Allocation is to `guider`, else the case's
    guider, else a new VIG Guider; a decline gives a reason and where the family was sent."""
    by = by or UserFactory(officer=True)
    for transition in workflow_path(case, to):
        extra = {}
        if transition.needs_guider:
            extra["guider"] = guider or case.guider or UserFactory(guider=True)
        if transition.needs_decline_reason:
            extra.update(decline_reason="Not what VIG helps with.", signposted_to="Family hub")
        triage.case_transition(case=case, to=transition.target, by=by, **extra)
        case.refresh_from_db()
    return case


class CaseFactory(StepsFactory):
    """What referrals and enquiries share: a new reference, and how they are received and
    moved on.

    `submitted=True`: the "received" history entry the public form records.
    `moved_to=<status>`: walked there through the workflow, by `moved_by` (else a new triage
    officer), allocated to the case's `guider` (else a new VIG Guider).
    """

    _steps = ("submitted", "moved_to", "moved_by")

    class Meta:
        abstract = True

    reference = factory.LazyFunction(new_reference)
    received_at = factory.LazyFunction(timezone.now)
    submitted = False
    moved_to = None
    moved_by = None

    @classmethod
    def after_create(cls, case, *, submitted=False, moved_to=None, moved_by=None):
        if submitted or moved_to:
            CaseEvent.objects.create(
                **case.link(),
                action=CaseEventAction.SUBMITTED,
                to_status=case.status,
                created_at=case.received_at,
            )
        if moved_to:
            move_case(case, moved_to, by=moved_by)


class ReferralFactory(CaseFactory):
    """A referral as the self-referral form leaves it. Casework steps, recorded by the family's
    VIG Guider through referrals.casework.services (dates follow the referral's arrival, a
    fortnight apart, never after today):

    `consent_given=True` (or the date): the parent's consent to filming for the work.
    `goals=<n>`: n goals agreed, each rated START_RATING at the start.
    `completed_cycles=<n>`: n cycles filmed and reviewed, any goals rated after each review.
    """

    _steps = (*CaseFactory._steps, "consent_given", "goals", "completed_cycles")

    class Meta:
        model = Referral

    class Params:
        # Through the workflow (new, under review, accepted, allocated) to a VIG Guider: the
        # one passed as guider=, else a new one.
        allocated = factory.Trait(moved_to=ReferralStatus.ALLOCATED)
        # Allocated, and the family's consent to filming recorded by their VIG Guider.
        with_consent = factory.Trait(
            allocated=True,
            consent_given=True,
            received_at=factory.LazyFunction(
                lambda: timezone.now() - timedelta(days=FAMILY_RECEIVED_DAYS_AGO)
            ),
        )
        # With consent, and one cycle filmed and reviewed (and any goals rated after it).
        with_completed_cycle = factory.Trait(with_consent=True, completed_cycles=1)
        # An allocated family with consent, two goals and a completed cycle.
        family = factory.Trait(with_completed_cycle=True, goals=2)

    kind = ReferralKind.SELF
    safe_to_email = True
    safe_to_text = True
    safe_to_phone = True
    safe_to_voicemail = False
    contact_name = factory.Sequence(lambda n: f"Test Parent {n}")
    relationship = Relationship.PARENT
    email = factory.Sequence(lambda n: f"parent{n}@example.invalid")
    phone = "+447700900123"
    postcode = "EH54 6FF"
    child_first_name = factory.Sequence(lambda n: f"Testchild{n}")
    child_date_of_birth = date(2019, 5, 17)
    what_to_change = "We would like to enjoy playtime together more."
    session_location = SessionLocation.HOME
    consent_privacy = True
    consent_contact = True
    consent_given = False
    goals = 0
    completed_cycles = 0

    @classmethod
    def after_create(cls, referral, *, consent_given=False, goals=0, completed_cycles=0, **steps):
        super().after_create(referral, **steps)
        if consent_given:
            record_consent(referral, consent_given)
        for number in range(1, goals + 1):
            add_goal(referral, number)
        for number in range(1, completed_cycles + 1):
            complete_cycle(referral, number)


def record_consent(referral, given_on=True):
    return casework.record_consent(
        referral=referral,
        by=referral.guider,
        given_by=ConsentGiver.PARENT_OR_CARER,
        given_on=given_on if isinstance(given_on, date) else casework_day(referral, 1),
        covers=ConsentCovers.INTERVENTION,
    )


def add_goal(referral, number):
    return casework.add_goal(
        referral=referral,
        by=referral.guider,
        text=f"Goal {number}, in the family's own words",
        start_rating=START_RATING,
        rated_on=casework_day(referral, 1),
    )


def complete_cycle(referral, number):
    """Cycle `number`, filmed and reviewed; the goals rated REVIEW_RATING after its review."""
    filmed_on = casework_day(referral, 1 + number)
    reviewed_on = min(filmed_on + timedelta(days=3), timezone.localdate())
    cycle = casework.save_cycle(
        referral=referral,
        by=referral.guider,
        number=None,
        location=CycleLocation.HOME,
        status=CycleStatus.DONE,
        filmed_on=filmed_on,
        reviewed_on=reviewed_on,
    )
    goals = list(casework.intervention_for(referral).goals.all())
    if goals:
        casework.rate_goals(
            referral=referral,
            by=referral.guider,
            stage=RatingStage.REVIEW,
            ratings=dict.fromkeys(goals, REVIEW_RATING),
            rated_on=reviewed_on,
            cycle=cycle,
        )
    return cycle


def casework_day(referral, fortnights):
    """The day `fortnights` fortnights after the referral arrived, or today if that is later."""
    received_on = timezone.localdate(referral.received_at)
    return min(received_on + timedelta(days=14 * fortnights), timezone.localdate())


class FamilyFactory(ReferralFactory):
    """An allocated family with consent to filming, two goals and a completed cycle."""

    class Meta:
        model = Referral

    family = True


class EnquiryFactory(CaseFactory):
    class Meta:
        model = Enquiry

    class Params:
        answered = factory.Trait(moved_to=EnquiryStatus.ANSWERED)

    name = factory.Sequence(lambda n: f"Test Enquirer {n}")
    email = factory.Sequence(lambda n: f"enquirer{n}@example.invalid")
    question = "Is VIG right for a family with a teenager?"


# The outbox -----------------------------------------------------------------------------------


def queued_team_emails(count):
    """`count` queued outbox messages to the team about one new referral."""
    referral = ReferralFactory()
    return [
        OutboundEmail.objects.create(
            kind=EmailKind.TEAM_NEW_REFERRAL,
            recipient_role=RecipientRole.TEAM,
            to_address=f"team{i}@example.invalid",
            reference=referral.reference,
            referral=referral,
        )
        for i in range(count)
    ]


# A family's answers as the referral's services take them (referral_submit's form_data): a
# parent who filled the form in in Polish. The tests of the family's language share them.
POLISH_FAMILY_ANSWERS = {
    "safe_to_email": True,
    "contact_name": "Anna Nowak",
    "relationship": "parent",
    "email": "anna@example.invalid",
    "postcode": "EH54 6FF",
    "child_first_name": "Zofia",
    "child_date_of_birth": date(2021, 5, 17),
    "what_to_change": "Wieczory są trudne.",
    "session_location": "home",
}
