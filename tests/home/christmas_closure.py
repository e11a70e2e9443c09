"""The alert banner the home tests put up: the Christmas closure's words and window, and a clock
that starts an hour before it."""

import datetime
from contextlib import contextmanager
from unittest import mock

from tests.clock import Clock

CLOSED = "We are closed from 24 to 26 December."
DANGER = "If a child is in danger, phone 999."
START = datetime.datetime(2026, 12, 23, 17, 0, tzinfo=datetime.UTC)
END = datetime.datetime(2026, 12, 27, 9, 0, tzinfo=datetime.UTC)


@contextmanager
def clock_an_hour_before_the_closure():
    """A Clock an hour before START, moved by hand; django.utils.timezone.now reads it."""
    fake = Clock(now=(START - datetime.timedelta(hours=1)).timestamp())

    def now():
        return datetime.datetime.fromtimestamp(fake(), tz=datetime.UTC)

    with mock.patch("django.utils.timezone.now", now):
        yield fake
