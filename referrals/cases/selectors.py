"""Selectors read: the triage queue's querysets and counts."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Case, F, Func, IntegerField, Q, Subquery, Value, When, Window
from django.db.models.functions import Lag
from django.utils import timezone
from django.utils.functional import cached_property

from referrals.cases import working_days
from referrals.cases.display import OVERDUE
from referrals.cases.kinds import REFERRAL, kind_of
from referrals.models import CaseEvent, CaseNote, ReferralStatus
from referrals.staff.roles import TRIAGE_OFFICERS, VIG_GUIDERS


def sees_only_own_allocations(user, kind=REFERRAL):
    """VIG Guiders without triage rights see only the cases allocated to them."""
    return not user.is_superuser and not user.has_perm(kind.permission("change"))


def cases_visible_to(user, kind):
    """The cases of `kind` that `user` may see: none without the view permission, and only
    the families allocated to them for a VIG Guider without triage rights."""
    queryset = kind.model.objects.all()
    if not user.has_perm(kind.permission("view")):
        return queryset.none()
    if sees_only_own_allocations(user, kind):
        if not kind.allocated_field:
            return queryset.none()
        queryset = queryset.filter(**{kind.allocated_field: user})
    return queryset


def overdue_since(now=None, days=None):
    """Cases received before the returned moment have waited too many working days."""
    days = settings.TRIAGE_OVERDUE_DAYS if days is None else days
    today = working_days.local_date(now)
    return working_days.start_of_local_day(working_days.earliest_date_within(today, days))


def overdue_q(kind=REFERRAL, now=None):
    """Cases of `kind` still awaiting the team's first decision after too many working days."""
    return Q(status__in=kind.awaiting_action, received_at__lt=overdue_since(now))


def is_overdue(case, now=None):
    return case.status in kind_of(case).awaiting_action and case.received_at < overdue_since(now)


def queue_order(kind, now=None):
    """The queue's default order, what needs doing first: overdue cases, then the other open
    cases (both oldest first, the longest waiting at the top); then the cases nobody on the
    triage team needs to act on (allocated, closed), newest first."""
    open_ = Q(status__in=kind.open)
    rank = Case(
        When(overdue_q(kind, now), then=Value(0)),
        When(open_, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    waiting_since = Case(When(open_, then=F("received_at")))  # empty for the rest
    return [
        rank.asc(),
        waiting_since.asc(nulls_last=True),
        F("received_at").desc(),
        "-pk",
    ]


class QueueInOrder:
    """`queryset` (a list's filtered cases of `kind`) in the queue's order, as a sequence the
    list's paginator slices and the case page steps through.

    It is read in two parts that each come off an index: the open cases (overdue first, then
    the longest waiting; a few hundred at most) and, after them, the rest (newest first). One
    ORDER BY over queue_order() would rank and sort every case ever received for each page:
    about 100 ms at 50,000 referrals, against a millisecond or two this way.

    The counts are one query, and a page is one query wherever it falls: a page that spans
    the two parts takes its rows from each part's own slice (each still off its index) and
    sorts only those few rows.
    """

    def __init__(self, queryset, kind, now=None):
        open_ = Q(status__in=kind.open)
        self.order = queue_order(kind, now)  # one moment for "overdue" in every query here
        self.model = queryset.model
        self.queryset = queryset
        self.open = queryset.filter(open_).order_by(*self.order)
        self.rest = queryset.exclude(open_).order_by("-received_at", "-pk")
        self.kind = kind

    @cached_property
    def counts(self):
        """How many cases here are open, and how many in all, in one query: two COUNT
        subqueries, each planned on its own (the open cases off the status index), selected
        beside one row of the table (an empty table has none: then both are 0)."""
        rows = self.model._base_manager.order_by().values(
            open=_count(self.open), total=_count(self.queryset)
        )[:1]
        row = next(iter(rows), {})
        return {"open": row.get("open") or 0, "total": row.get("total") or 0}

    @property
    def open_count(self):
        return self.counts["open"]

    def count(self):
        return self.counts["total"]

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop <= self.open_count:
            return list(self.open[start:stop])
        rest = self.rest[max(start - self.open_count, 0) : stop - self.open_count]
        if start >= self.open_count:
            return list(rest)
        return self.spanning(self.open[start : self.open_count], rest)

    def spanning(self, open_, rest):
        """A page with the last open cases and the first of the rest, in one query: each part
        sliced off its own index as now, then only those rows sorted. queue_order() puts the
        open cases before the rest and each part in its own order, so it sorts them right."""
        open_, rest = open_.values("pk"), rest.values("pk")
        if connections[self.queryset.db].features.supports_slicing_ordering_in_compound:
            # PostgreSQL: IN (… UNION ALL …) is read as a join on the primary key.
            page = Q(pk__in=open_.union(rest, all=True))
        else:
            # SQLite allows no LIMIT in a UNION's parts; two IN tests, fine at its sizes (on
            # PostgreSQL this form scans the whole table).
            page = Q(pk__in=open_) | Q(pk__in=rest)
        return list(self.queryset.filter(page).order_by(*self.order))

    def after(self, case):
        """The case after `case` here; the first case when `case` is not here; None after
        the last."""
        if case.status in self.kind.open and self.open.filter(pk=case.pk).exists():
            following = (
                self.open.annotate(previous_pk=Window(Lag("pk"), order_by=self.open.query.order_by))
                .filter(previous_pk=case.pk)
                .first()
            )
            return following or self.rest.first()
        if self.rest.filter(pk=case.pk).exists():
            return self.rest.filter(
                Q(received_at__lt=case.received_at)
                | Q(received_at=case.received_at, pk__lt=case.pk)
            ).first()
        return self.open.exclude(pk=case.pk).first() or self.rest.exclude(pk=case.pk).first()


def age_in_days(case, now=None):
    return (working_days.local_date(now) - working_days.local_date(case.received_at)).days


def flagged_q():
    return Q(flagged_possible_spam=True) | Q(flagged_not_verified=True)


def unsafe_to_email_q():
    """They gave an email address but told us email is not safe."""
    return Q(safe_to_email=False) & ~Q(email="")


def is_unsafe_to_email(case):
    return kind_of(case).has_safe_contact and bool(case.email) and not case.safe_to_email


def any_flag_q(kind):
    """Cases of `kind` carrying any flag the list shows (overdue is its own filter)."""
    query = flagged_q()
    if kind.has_safe_contact:
        query |= unsafe_to_email_q()
    return query


def case_flags(case, now=None):
    """The flags an officer sees on a case, in the order the list and the export show them."""
    labels = []
    if case.flagged_possible_spam:
        labels.append("Possible spam")
    if case.flagged_not_verified:
        labels.append("Not verified")
    if is_unsafe_to_email(case):
        labels.append("Unsafe to email")
    if is_overdue(case, now):
        labels.append(OVERDUE)
    return labels


def case_list(user, kind):
    """The queue as the list shows it: one query for the rows, whatever their number."""
    related = [f.name for f in kind.model._meta.get_fields() if f.many_to_one and f.concrete]
    return cases_visible_to(user, kind).select_related(*related)


def _count(queryset):
    """COUNT(*) of `queryset` as a scalar subquery, so several counts run in one query."""
    counting = Func(template="COUNT(*)", output_field=IntegerField())
    counted = queryset.order_by().annotate(n=counting).values("n")[:1]
    return Subquery(counted, output_field=IntegerField())


def dashboard_counts(user, now=None):
    """New, overdue, awaiting allocation and assigned-to-me counts, in one query.

    Each count is its own subquery on an index (status and date received; assignee), so the
    dashboard reads the open cases it counts, not every referral ever received.
    """
    visible = cases_visible_to(user, REFERRAL)
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            new=_count(visible.filter(status=ReferralStatus.NEW)),
            overdue=_count(visible.filter(overdue_q(REFERRAL, now))),
            awaiting_allocation=_count(visible.filter(status=ReferralStatus.ACCEPTED)),
            assigned_to_me=_count(
                visible.filter(assigned_to=user).exclude(status__in=REFERRAL.finished)
            ),
        )
        .get()
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


def due_for_anonymisation(kind, now=None, days=None):
    """Finished cases whose retention period has passed and still hold personal details."""
    days = settings.RETENTION_CLOSED_DAYS if days is None else days
    now = now or timezone.now()
    return kind.model.objects.filter(
        status__in=kind.finished,
        closed_at__lt=now - timedelta(days=days),
        anonymised_at__isnull=True,
    ).order_by("closed_at", "pk")
