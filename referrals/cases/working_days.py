"""Working-day arithmetic: Monday to Friday. Bank holidays are not counted as special."""

from datetime import date, datetime, timedelta

from django.utils import timezone


def is_working_day(day):
    return day.weekday() < 5


def add_working_days(start, days):
    """The date `days` working days after `start` (before it when `days` is negative)."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start, end):
    """How many working days come after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    total = (end - start).days
    weeks, extra = divmod(total, 7)
    count = weeks * 5
    day = start + timedelta(days=weeks * 7)
    for _ in range(extra):
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def earliest_date_within(today, days):
    """The earliest date from which no more than `days` working days have passed by `today`.

    A case received before this date has waited more than `days` working days.
    """
    day = today
    while working_days_between(day - timedelta(days=1), today) <= days:
        day -= timedelta(days=1)
    return day


def local_date(moment=None):
    moment = moment or timezone.now()
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date()
    if isinstance(moment, date):
        return moment
    raise TypeError("expected a date or datetime")


def start_of_local_day(day):
    """The aware datetime at which `day` begins in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def contact_by_date(received, working_days):
    """The date `working_days` working days (Monday to Friday) after `received`."""
    return add_working_days(received, max(int(working_days), 0))
