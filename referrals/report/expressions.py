"""Database expressions the service report counts with, the same on PostgreSQL and SQLite.

PostgreSQL (production, tests) has `percentile_cont` and subtracts dates to whole days; SQLite
(`make run`) gets a `percentile_cont` of our own, registered on the connection the first time
a query needs it, and counts days with `julianday`. Either way the database does the counting:
the report never loops over case rows in Python.
"""

import math

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    F,
    FloatField,
    Func,
    IntegerField,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Left, StrIndex
from django.db.models.lookups import Exact, LessThan, LessThanOrEqual

SQLITE_PERCENTILE = "vig_percentile_cont"


class _PercentileCont:
    """SQLite aggregate: the same answer as PostgreSQL's percentile_cont (linear interpolation
    between the two nearest values), NULLs ignored."""

    def __init__(self):
        self.values = []
        self.fraction = 0.5

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


def percentile_cont(values, fraction):
    """The `fraction` percentile of `values` as PostgreSQL's percentile_cont computes it."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


class Percentile(Aggregate):
    """percentile_cont(fraction) WITHIN GROUP (ORDER BY expression): 0.5 is the median."""

    function = "percentile_cont"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    arity = 1

    def __init__(self, expression, fraction, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile's fraction is between 0 and 1.")
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_aggregate(SQLITE_PERCENTILE, 2, _PercentileCont)
        # A copy with SQLite's function and argument order, rather than passing the template
        # in: Aggregate.as_sql passes its own template too when the aggregate has a filter.
        clone = self.copy()
        clone.function = SQLITE_PERCENTILE
        clone.template = "%(function)s(%(expressions)s, %(fraction)s)"
        return clone.as_sql(compiler, connection, **extra_context)


class DaysBetween(Func):
    """Whole days from the date `start` to the date `end` (negative when end is earlier)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def __init__(self, start, end, **extra):
        # PostgreSQL: date - date is an integer number of days.
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def postcode_district(field="postcode"):
    """'EH54 6FF' -> 'EH54'; an anonymised postcode is already the district."""
    return Case(
        When(
            **{f"{field}__contains": " "},
            then=Left(field, StrIndex(field, Value(" ")) - 1),
        ),
        default=F(field),
        output_field=CharField(),
    )


AGE_BANDS = (("0–4", 0, 4), ("5–11", 5, 11), ("12–18", 12, 18))


def age_in_years(born, on):
    """Whole years from the date `born` to the date `on` (expressions)."""
    before_birthday = Case(
        When(LessThan(ExtractMonth(on), ExtractMonth(born)), then=1),
        When(
            Exact(ExtractMonth(on), ExtractMonth(born))
            & LessThan(ExtractDay(on), ExtractDay(born)),
            then=1,
        ),
        default=0,
        output_field=IntegerField(),
    )
    return ExtractYear(on) - ExtractYear(born) - before_birthday


def age_band(born, on):
    """The child's age band ("0–4", "5–11", "12–18") on the date `on`."""
    age = age_in_years(born, on)
    whens = [When(LessThanOrEqual(age, top), then=Value(label)) for label, _, top in AGE_BANDS[:-1]]
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())
