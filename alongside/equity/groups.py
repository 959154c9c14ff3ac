"""The groups of each dimension of the equity view, defined once for the figures and the forms."""

import datetime as dt
from typing import Any

from django.db.models import Case, CharField, Expression, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Left, Length, Replace, Upper
from django.db.models.lookups import GreaterThanOrEqual

from alongside.equity.models import Dimension
from alongside.lib.postcode import district_of
from alongside.partners.forms import LANGUAGE
from alongside.people.models import EthnicCategory

NOT_RECORDED = "Not recorded"
# (label, youngest age in the band); the last band has no upper limit.
AGE_BANDS = [
    ("Under 20", 0),
    ("20 to 24", 20),
    ("25 to 29", 25),
    ("30 to 34", 30),
    ("35 to 39", 35),
    ("40 and over", 40),
]


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: dt.date | None, on: dt.date) -> str:
    if born is None:
        return NOT_RECORDED
    age = age_on(born, on)
    return [label for label, youngest in AGE_BANDS if age >= youngest][-1]


class DayNumber(Func):
    """A date as the number YYYYMMDD, by the database's own string functions: no Python function
    per row (Django's ExtractYear is one on SQLite), so the age bands are counted in the query."""

    arity = 1
    output_field = IntegerField()
    template = "CAST(to_char(%(expressions)s, 'YYYYMMDD') AS INTEGER)"  # PostgreSQL

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Django keeps a date on SQLite as the text YYYY-MM-DD.
        return self.as_sql(
            compiler, connection, template="CAST(REPLACE(%(expressions)s, '-', '') AS INTEGER)", **extra
        )


def age_band_gaps() -> list[tuple[str, int | None, int | None]]:
    """Each age band as bounds on YYYYMMDD(referred) less YYYYMMDD(born): (label, from, below).

    Her age is at least Y exactly when that difference is at least Y * 10000 (the month and day
    decide whether she has turned Y that year), so a band is counted in the query with no date
    arithmetic. tests/test_grouped.py holds it to age_band() on every day around a birthday."""
    starts = [youngest * 10000 for _, youngest in AGE_BANDS]
    return [
        (label, None if n == 0 else starts[n], starts[n + 1] if n + 1 < len(starts) else None)
        for n, (label, _) in enumerate(AGE_BANDS)
    ]


def district_sql(field: str) -> Case:
    """postcode.district() in the query: the postcode without its spaces, upper case, less the
    three characters of its inward code (all of it when it is shorter than five characters).
    Spaces are the only white space a postcode can hold: the validator refuses any other."""
    compact: Expression = Upper(Replace(F(field), Value(" "), Value("")))
    return Case(
        When(Q(**{field: ""}), then=Value(NOT_RECORDED)),
        When(Q(**{f"{field}__isnull": True}), then=Value(NOT_RECORDED)),
        When(GreaterThanOrEqual(Length(compact), Value(5)), then=Left(compact, Length(compact) - 3)),
        default=compact,
        output_field=CharField(),
    )


def language_name(text: str) -> str:
    """One spelling for a language however it was typed ("urdu " is Urdu)."""
    return " ".join(word.capitalize() for word in text.split())


def categories(dimension: str) -> list[tuple[str, str]]:
    """The fixed groups of a dimension, as (category, label); empty for languages and areas."""
    if dimension == Dimension.ETHNIC_CATEGORY:
        return [(c.code, c.label) for c in EthnicCategory.objects.all()]
    if dimension == Dimension.AGE_BAND:
        return [(label, label) for label, _ in AGE_BANDS]
    return []


def check_category(dimension: str, name: str) -> str:
    """A language or an area as it is stored, or "" when the text is not one."""
    if dimension == Dimension.AREA:
        return district_of(name)
    if dimension == Dimension.LANGUAGE and len(name) <= 40 and LANGUAGE.match(name.strip()):
        return language_name(name)
    return ""
