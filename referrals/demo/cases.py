"""Demo triage data (called by setup_demo): staff accounts per role and fictional cases.

Every name, address and story here is invented; email addresses use the reserved
example.invalid domain and phone numbers Ofcom's drama range (07700 900xxx).

The allocated and closed families also have their VIG casework (first contact, consent to
filming, goals rated 0-10, cycles filmed and reviewed, and for the closed ones how the work
ended), recorded through the casework services so the rules of the work hold. A year of
earlier families, spread month by month, gives the managers' service report believable charts
on a fresh install.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from referrals.cases.references import new_reference
from referrals.cases.working_days import add_working_days, local_date, start_of_local_day
from referrals.casework import services as casework
from referrals.models import (
    CaseEvent,
    CaseEventAction,
    CaseNote,
    ContactMethod,
    Enquiry,
    EnquiryStatus,
    GuiderCapacity,
    Referral,
    ReferralKind,
    ReferralStatus,
    Relationship,
    SessionLocation,
)
from referrals.models.casework import (
    OFFERED_CYCLES,
    ConsentCovers,
    ConsentGiver,
    CycleLocation,
    CycleStatus,
    Outcome,
    RatingStage,
)
from referrals.staff.roles import MANAGERS, TRIAGE_OFFICERS, VIG_GUIDERS

# Extra demo staff accounts, in the format of home.demo.site.DEMO_ACCOUNTS.
DEMO_ACCOUNTS = [
    # username, password, first name, last name, groups, superuser
    ("officer", "vig-demo-officer", "Olivia", "Officer", (TRIAGE_OFFICERS,), False),
    ("officer2", "vig-demo-officer2", "Owen", "Officer", (TRIAGE_OFFICERS,), False),
    ("manager", "vig-demo-manager", "Morgan", "Manager", (MANAGERS,), False),
    ("guider", "vig-demo-guider", "Grace", "Guider", (VIG_GUIDERS,), False),
    ("guider2", "vig-demo-guider2", "Gus", "Guider", (VIG_GUIDERS,), False),
]
# Each demo VIG Guider's capacity (families at once): Grace, who has the demo's families, has
# room for two more; Gus, new to the team, for three. The waiting list's first five can be
# allocated today.
DEMO_CAPACITIES = {"guider": 16, "guider2": 3}

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


def _new_referral(index, status, kind, received, flags, officer, officer2, guider, **extra):
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
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
        "phone": f"+447700900{index % 1000:03d}",
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
        # Some families filled the form in in Polish or Arabic (the case page, filter, export).
        "site_language": "pl" if index % 7 == 0 else "ar" if index % 11 == 0 else "en-gb",
        "consent_privacy": True,
        "consent_contact": True,
        "assigned_to": None if status == R.NEW else (officer if index % 2 else officer2),
        **flags,
        **extra,
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
        fields.setdefault(
            "decline_reason", "The family is looking for help with sleep, not interaction."
        )
        fields.setdefault("signposted_to", "Fictional sleep support service")
    return Referral.objects.create(**fields)


def _walk(referral, steps, officer, guider, *, marker=DEMO_MARKER):
    """Record the referral's arrival and each (status, moment) it was moved to."""
    _event(referral, CaseEventAction.SUBMITTED, None, referral.received_at, detail=marker)
    previous = R.NEW
    for step, when in steps:
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
    if steps:
        Referral.objects.filter(pk=referral.pk).update(status_changed_at=steps[-1][1])


def _referral(index, status, kind, days_ago, flags, officer, officer2, guider):
    received = _received(days_ago, 9 + index % 8)
    # Casework is recorded while the family is allocated; the closed ones are then ended.
    worked = status == R.CLOSED and guider is not None and officer is not None
    referral = _new_referral(
        index, R.ALLOCATED if worked else status, kind, received, flags, officer, officer2, guider
    )
    steps, when = [], received
    for step in PATHS[R.ALLOCATED] if worked else PATHS[status]:
        when = min(when + timedelta(hours=20), timezone.now() - timedelta(minutes=5))
        steps.append((step, when))
    _walk(referral, steps, officer, guider)
    if status == R.CLOSED and not worked:
        Referral.objects.filter(pk=referral.pk).update(closed_at=when, status_changed_at=when)
    if status == R.NEEDS_INFORMATION and officer is not None:
        note = CaseNote.objects.create(
            referral=referral, author=officer, text="Asked which school the child attends."
        )
        CaseNote.objects.filter(pk=note.pk).update(created_at=when)
        _event(referral, CaseEventAction.NOTE_ADDED, officer, when)
    if status in (R.ALLOCATED, R.CLOSED) and guider is not None and officer is not None:
        received_on = local_date(received)
        allocated_on = local_date(when)
        story = RECENT_STORIES[index % len(RECENT_STORIES)]
        if status == R.CLOSED:
            ending = Outcome.ENDED_BY_FAMILY if index % 2 else Outcome.COMPLETED
            # Its footage not deleted yet: due (or overdue) on the dashboards.
            story = {**story, "outcome": ending, "footage_kept": True}
        _casework(referral, story, received_on, allocated_on, officer, guider, index)
    return referral


# Casework ---------------------------------------------------------------------------------------

GOALS = [
    "Bedtimes feel calmer for both of us.",
    "I notice when she wants to play and join in.",
    "We talk about school without it ending in a row.",
    "I feel confident when he is upset.",
    "Mornings start with a smile.",
    "We laugh together most days.",
]
DECLINE_REASONS = [
    ("The family is looking for help with sleep, not interaction.", "Fictional sleep support"),
    ("Already working with another family support service.", "Not signposted"),
    ("Needs a specialist mental health assessment first.", "Fictional CAMHS team"),
]
# Recent allocated and closed families (SPECS): short timelines that fit before today.
RECENT_STORIES = [
    {"contact": 1, "cycles": 2, "gap": 10, "review": 5},
    # Filmed early on, its shared review not held yet: overdue on the Guider's dashboard.
    {"contact": 2, "cycles": 1, "gap": 12, "review": 30, "film_after": 2},
    {"contact": 1, "cycles": 3, "gap": 9, "review": 4},
]


def _dated(referral, when, action):
    """Run a casework service, then date the history it wrote at `when` (a date)."""
    latest = CaseEvent.objects.filter(referral=referral).order_by("-id").first()
    result = action()
    moment = start_of_local_day(when) + timedelta(hours=11)
    CaseEvent.objects.filter(referral=referral, id__gt=latest.id if latest else 0).update(
        created_at=moment
    )
    return result


def _casework(referral, story, received_on, allocated_on, officer, guider, index):
    """One family's VIG work as `story` tells it, as far as today allows.

    `story`: contact (days after referral), cycles (how many done), gap (days between
    filmings), review (days from filming to the shared review), outcome (empty while the work
    goes on), gains (rating points each review adds), start (first rating)."""
    today = local_date()
    contact_on = min(received_on + timedelta(days=story["contact"]), today)
    _dated(
        referral,
        contact_on,
        lambda: casework.record_first_contact(referral=referral, by=officer, on=contact_on),
    )
    consent_on = min(max(allocated_on, contact_on) + timedelta(days=4), today)
    covers = ConsentCovers.TRAINING if index % 4 == 0 else ConsentCovers.INTERVENTION
    _dated(
        referral,
        consent_on,
        lambda: casework.record_consent(
            referral=referral,
            by=guider,
            given_by=ConsentGiver.PARENT_OR_CARER,
            given_on=consent_on,
            covers=covers,
            # Training consent keeps the footage for a year from consent.
            keep_footage_until=consent_on + timedelta(days=365)
            if covers == ConsentCovers.TRAINING
            else None,
        ),
    )
    if index % 6 == 0 and referral.child_date_of_birth <= today.replace(year=today.year - 12):
        _dated(
            referral,
            consent_on,
            lambda: casework.record_consent(
                referral=referral,
                by=guider,
                given_by=ConsentGiver.YOUNG_PERSON,
                given_on=consent_on,
                covers=ConsentCovers.INTERVENTION,
            ),
        )
    start = story.get("start", 2 + index % 4)
    goals = []
    for number in range(2 if index % 3 else 3):
        text = GOALS[(index + number) % len(GOALS)]
        rating = min(10, start + number)
        goals.append(
            _dated(
                referral,
                consent_on,
                lambda text=text, rating=rating: casework.add_goal(
                    referral=referral,
                    by=guider,
                    text=text,
                    start_rating=rating,
                    rated_on=consent_on,
                ),
            )
        )
    ratings = {goal: min(10, start + n) for n, goal in enumerate(goals)}
    gains = story.get("gains", 2)
    filmed_on = consent_on + timedelta(days=story.get("film_after", 7))
    location = [CycleLocation.HOME, CycleLocation.SCHOOL, CycleLocation.HOME][index % 3]
    last_review, finished = None, True
    for number in range(1, story["cycles"] + 1):
        if number > 3 and not casework.intervention_for(referral).more_cycles_agreed:
            _dated(
                referral,
                filmed_on,
                lambda: casework.agree_more_cycles(
                    referral=referral,
                    by=guider,
                    reason="The family asked for a fourth film before the school holidays.",
                ),
            )
        reviewed_on = filmed_on + timedelta(days=story["review"])
        if reviewed_on > today:
            # Not reviewed yet: filmed (or planned) and waiting for its review.
            planned_on = filmed_on
            _dated(
                referral,
                min(filmed_on, today),
                lambda planned_on=planned_on: casework.save_cycle(
                    referral=referral,
                    by=guider,
                    number=None,  # the next cycle
                    location=location,
                    status=CycleStatus.PLANNED,
                    filmed_on=planned_on,
                ),
            )
            finished = False
            break
        cycle = _dated(
            referral,
            reviewed_on,
            lambda filmed_on=filmed_on, reviewed_on=reviewed_on: casework.save_cycle(
                referral=referral,
                by=guider,
                number=None,
                location=location,
                status=CycleStatus.DONE,
                filmed_on=filmed_on,
                reviewed_on=reviewed_on,
            ),
        )
        ratings = {
            goal: max(0, min(10, value + gains - (n % 2)))
            for n, (goal, value) in enumerate(ratings.items())
        }
        _dated(
            referral,
            reviewed_on,
            lambda cycle=cycle, reviewed_on=reviewed_on, ratings=ratings: casework.rate_goals(
                referral=referral,
                by=guider,
                stage=RatingStage.REVIEW,
                ratings=ratings,
                rated_on=reviewed_on,
                cycle=cycle,
            ),
        )
        last_review = reviewed_on
        filmed_on += timedelta(days=story["gap"])
    else:
        if (
            story["cycles"] < OFFERED_CYCLES
            and filmed_on <= today + timedelta(days=60)
            and not story.get("outcome")
        ):
            # The next session is booked.
            next_on = max(filmed_on, today + timedelta(days=1 + index % 9))
            casework.save_cycle(
                referral=referral,
                by=guider,
                number=None,
                location=location,
                status=CycleStatus.PLANNED,
                filmed_on=next_on,
            )
    outcome = story.get("outcome")
    ended_on = (last_review or consent_on) + timedelta(days=7)
    if not outcome or not finished or ended_on > today:
        return  # the work goes on
    final = dict(ratings) if outcome == Outcome.COMPLETED or index % 2 else {}
    _dated(
        referral,
        ended_on,
        lambda: casework.end_work(
            referral=referral,
            by=guider,
            outcome=outcome,
            ended_on=ended_on,
            final_ratings=final,
            feedback_helpful=4 + index % 2 if outcome == Outcome.COMPLETED else None,
            feedback_comment="Seeing the films helped us notice the good moments."
            if outcome == Outcome.COMPLETED
            else "",
        ),
    )
    closed = start_of_local_day(ended_on) + timedelta(hours=16)
    Referral.objects.filter(pk=referral.pk).update(closed_at=closed, status_changed_at=closed)
    deleted_on = ended_on + timedelta(days=settings.FOOTAGE_DELETE_AFTER_DAYS - 3)
    if deleted_on <= today and covers != ConsentCovers.TRAINING and not story.get("footage_kept"):
        _dated(
            referral,
            deleted_on,
            lambda: casework.record_footage_deleted(referral=referral, by=guider, on=deleted_on),
        )


# A year of earlier families ---------------------------------------------------------------------

HISTORY_MARKER = "Fictional demo case (the year before) created by setup_demo."
HISTORY_MONTHS = 12
# Districts, most families from the first: a couple have fewer than 5 in a year (suppressed).
DISTRICTS = ["EH54 6", "EH54 8", "EH53 0", "EH52 5", "EH55 8", "EH48 2", "EH47 7", "EH49 6"]
DISTRICT_WEIGHTS = [6, 5, 4, 3, 3, 2, 1, 1]
DISTRICT_CYCLE = [d for d, w in zip(DISTRICTS, DISTRICT_WEIGHTS, strict=True) for _ in range(w)]


def _history_plan(month_back, slot):
    """What happened to the `slot`th family referred `month_back` months ago: a story for
    the casework, a decline, or still waiting for a Guider (recent months only)."""
    key = (month_back * 7 + slot * 3) % 20
    if key < 3:
        return "declined", None
    if month_back <= 1 and key < 6:
        return "waiting", None
    if month_back <= 2 and key < 8:
        return "waiting", None
    if key == 19:
        return "story", {"cycles": 1, "outcome": Outcome.ENDED_BY_FAMILY}
    if key == 18:
        return "story", {"cycles": 0, "outcome": Outcome.ENDED_BY_SERVICE}
    if key == 17:
        return "story", {"cycles": 2, "outcome": Outcome.MOVED_AWAY}
    if key == 16:
        return "story", {"cycles": 4, "outcome": Outcome.COMPLETED, "gains": 1}
    if key == 15:
        return "story", {"cycles": 3, "outcome": Outcome.COMPLETED, "gains": -1, "start": 6}
    if key in (4, 9):
        return "story", {"cycles": 3, "outcome": Outcome.COMPLETED, "gains": 1}
    return "story", {"cycles": 3, "outcome": Outcome.COMPLETED}


def _history(officer, officer2, guider):
    """About 50 families referred over the last year, each taken as far as today allows."""
    if guider is None or officer is None:
        return 0
    today = local_date()
    created = 0
    for month_back in range(HISTORY_MONTHS - 1, -1, -1):
        for slot in range(4 + (month_back * 5) % 4):
            index = 100 + month_back * 10 + slot
            received_on = today - timedelta(days=30 * month_back + 2 + slot * 4 + month_back % 3)
            received = start_of_local_day(received_on) + timedelta(hours=9 + slot)
            if received_on >= today - timedelta(days=14):
                continue  # the recent families are the ones in SPECS
            kind = ReferralKind.PROFESSIONAL if (index * 7) % 5 < 2 else ReferralKind.SELF
            plan, story = _history_plan(month_back, slot)
            district = DISTRICT_CYCLE[(index * 3) % len(DISTRICT_CYCLE)]
            age = (index * 5) % 18
            born = date(received_on.year - age, 1 + index % 12, 1 + index % 27)
            extra = {
                "postcode": f"{district}{'ABDEFGHJ'[index % 8]}{'LNPQRSTU'[slot % 8]}",
                "child_date_of_birth": min(born, received_on - timedelta(days=30)),
            }
            accepted = received + timedelta(days=2 + index % 4, hours=2)
            if plan == "declined":
                # Most for the same reason, so the report can show it (5 or more).
                reason, signposted = DECLINE_REASONS[0 if slot % 3 != 2 else 1 + month_back % 2]
                referral = _new_referral(
                    index,
                    R.DECLINED,
                    kind,
                    received,
                    {},
                    officer,
                    officer2,
                    guider,
                    decline_reason=reason,
                    signposted_to=signposted,
                    **extra,
                )
                steps = [(R.UNDER_REVIEW, received + timedelta(hours=20)), (R.DECLINED, accepted)]
                _walk(referral, steps, officer, guider, marker=HISTORY_MARKER)
                created += 1
                continue
            if plan == "waiting":
                referral = _new_referral(
                    index, R.ACCEPTED, kind, received, {}, officer, officer2, guider, **extra
                )
                steps = [(R.UNDER_REVIEW, received + timedelta(hours=20)), (R.ACCEPTED, accepted)]
                _walk(referral, steps, officer, guider, marker=HISTORY_MARKER)
                created += 1
                continue
            wait = 10 + (index * 11) % 35 + (20 if month_back < 4 else 0)
            allocated = accepted + timedelta(days=wait)
            if local_date(allocated) >= today:
                allocated = start_of_local_day(today) - timedelta(hours=2)
            referral = _new_referral(
                index, R.ALLOCATED, kind, received, {}, officer, officer2, guider, **extra
            )
            steps = [
                (R.UNDER_REVIEW, received + timedelta(hours=20)),
                (R.ACCEPTED, accepted),
                (R.ALLOCATED, allocated),
            ]
            _walk(referral, steps, officer, guider, marker=HISTORY_MARKER)
            story = {
                "contact": 1 + (index * 3) % 11,
                "gap": 14 + index % 5,
                "review": 5 + index % 4,
                **story,
            }
            _casework(referral, story, received_on, local_date(allocated), officer, guider, index)
            created += 1
        created += _history_enquiries(month_back, today, officer)
    return created


def _history_enquiries(month_back, today, officer):
    created = 0
    for slot in range(1 + month_back % 2):
        received_on = today - timedelta(days=30 * month_back + 9 + slot * 11)
        if received_on >= today - timedelta(days=14):
            continue
        received = start_of_local_day(received_on) + timedelta(hours=14)
        enquiry = Enquiry.objects.create(
            reference=new_reference(),
            received_at=received,
            status_changed_at=received + timedelta(days=2),
            status=EnquiryStatus.CLOSED,
            name=f"{FIRST_NAMES[(month_back + slot) % len(FIRST_NAMES)]} Example",
            email=f"enquirer.{month_back}.{slot}@example.invalid",
            question="Could VIG help us? We are not sure it is right for our family.",
            assigned_to=officer,
            closed_at=received + timedelta(days=2),
        )
        _event(enquiry, CaseEventAction.SUBMITTED, None, received, detail=HISTORY_MARKER)
        _event(
            enquiry,
            CaseEventAction.STATUS_CHANGED,
            officer,
            received + timedelta(days=1),
            from_status=EnquiryStatus.NEW,
            to_status=EnquiryStatus.ANSWERED,
        )
        _event(
            enquiry,
            CaseEventAction.STATUS_CHANGED,
            officer,
            received + timedelta(days=2),
            from_status=EnquiryStatus.ANSWERED,
            to_status=EnquiryStatus.CLOSED,
        )
        created += 1
    return created


@transaction.atomic
def setup_cases():
    """Create clearly fictional referrals and enquiries; return how many were created.

    Idempotent: the recent cases are created only when no demo case exists yet, and the year
    before only when it is not there yet (an older demo database gains it).
    """
    officer, officer2, guider = _users()
    _capacities()
    created = 0
    if not CaseEvent.objects.filter(action=CaseEventAction.SUBMITTED, detail=DEMO_MARKER).exists():
        created += _recent(officer, officer2, guider)
    if not CaseEvent.objects.filter(
        action=CaseEventAction.SUBMITTED, detail=HISTORY_MARKER
    ).exists():
        created += _history(officer, officer2, guider)
    return created


def _capacities():
    """The demo Guiders' capacities, unless a Manager has set them already."""
    for user in get_user_model().objects.filter(username__in=DEMO_CAPACITIES):
        GuiderCapacity.objects.get_or_create(
            guider=user, defaults={"families": DEMO_CAPACITIES[user.username]}
        )


def _recent(officer, officer2, guider):
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
