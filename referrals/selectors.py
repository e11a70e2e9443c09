"""Selectors read: the triage queue's querysets and counts."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from . import working_days
from .models import CaseEvent, CaseNote, Enquiry, EnquiryStatus, Referral, ReferralStatus
from .roles import TRIAGE_OFFICERS, VIG_GUIDERS
from .workflow import AWAITING_DECISION


def sees_only_own_allocations(user):
    """VIG Guiders without triage rights see only the referrals allocated to them."""
    return not user.is_superuser and not user.has_perm("referrals.change_referral")


def referrals_visible_to(user):
    queryset = Referral.objects.all()
    if not user.has_perm("referrals.view_referral"):
        return queryset.none()
    if sees_only_own_allocations(user):
        queryset = queryset.filter(guider=user)
    return queryset


def overdue_since(now=None, days=None):
    """Cases received before the returned moment have waited too many working days."""
    days = settings.TRIAGE_OVERDUE_DAYS if days is None else days
    today = working_days.local_date(now)
    return working_days.start_of_local_day(working_days.earliest_date_within(today, days))


def overdue_q(now=None, statuses=AWAITING_DECISION):
    return Q(status__in=statuses, received_at__lt=overdue_since(now))


def is_overdue(case, now=None):
    statuses = AWAITING_DECISION if isinstance(case, Referral) else (EnquiryStatus.NEW,)
    return case.status in statuses and case.received_at < overdue_since(now)


def age_in_days(case, now=None):
    return (working_days.local_date(now) - working_days.local_date(case.received_at)).days


def flagged_q():
    return Q(flagged_possible_spam=True) | Q(flagged_not_verified=True)


def unsafe_to_email_q():
    """They gave an email address but told us email is not safe."""
    return Q(safe_to_email=False) & ~Q(email="")


def is_unsafe_to_email(referral):
    return bool(referral.email) and not referral.safe_to_email


def case_flags(case, now=None):
    """The flags an officer sees on a case, in the order the list and the export show them."""
    labels = []
    if case.flagged_possible_spam:
        labels.append("Possible spam")
    if case.flagged_not_verified:
        labels.append("Not verified")
    if isinstance(case, Referral) and is_unsafe_to_email(case):
        labels.append("Unsafe to email")
    if is_overdue(case, now):
        labels.append("Overdue")
    return labels


def referral_list(user):
    """The queue as the list shows it: one query for the rows, whatever their number."""
    return referrals_visible_to(user).select_related("assigned_to", "guider")


def enquiry_list(user):
    if not user.has_perm("referrals.view_enquiry"):
        return Enquiry.objects.none()
    return Enquiry.objects.select_related("assigned_to")


def dashboard_counts(user, now=None):
    """New, overdue, awaiting allocation and assigned-to-me counts, in one query."""
    return referrals_visible_to(user).aggregate(
        new=Count("pk", filter=Q(status=ReferralStatus.NEW)),
        overdue=Count("pk", filter=overdue_q(now)),
        awaiting_allocation=Count("pk", filter=Q(status=ReferralStatus.ACCEPTED)),
        assigned_to_me=Count("pk", filter=Q(assigned_to=user) & ~Q(status=ReferralStatus.CLOSED)),
    )


def case_history(case):
    return CaseEvent.objects.filter(**case.link()).select_related("actor")


def case_notes(case):
    return CaseNote.objects.filter(**case.link()).select_related("author")


def active_members(group_name):
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=group_name)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def triage_officers():
    """Active users who may be assigned a case."""
    return active_members(TRIAGE_OFFICERS)


def vig_guiders():
    """Active users who may be allocated a family."""
    return active_members(VIG_GUIDERS)


def due_for_anonymisation(model, now=None, days=None):
    """Closed cases whose retention period has passed and still hold personal details."""
    days = settings.RETENTION_CLOSED_DAYS if days is None else days
    now = now or timezone.now()
    return model.objects.filter(
        status="closed",
        closed_at__lt=now - timedelta(days=days),
        anonymised_at__isnull=True,
    ).order_by("closed_at", "pk")
