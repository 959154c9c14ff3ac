"""The dates Alongside accepts: one rule, used by every form and the API (ADR 0020).

Nothing Alongside records happened before the service could exist (EARLIEST, 1 January 2000),
and nobody it holds was born before EARLIEST_BIRTH (1 January 1900). Nothing is planned more
than YEARS_AHEAD years ahead. A date outside these is a typing slip (0001-01-01, 2205 for
2025) and, left in, would skew every figure that counts by date, or overflow date arithmetic
near year 9999. Forms and API schemas may narrow the range further (not in the future, not
before she was referred); none may widen it.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = dt.date(2000, 1, 1)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
YEARS_AHEAD = 10


def start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` where the service is (Europe/London), as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def days(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The moments from the start of `start` to the end of `end`, both days included, for a
    datetime column: `at__gte=since, at__lt=until`. Unlike `at__date__range`, which runs a
    function on every row and cannot use the column's index, the bounds are compared as they are."""
    return start_of(start), start_of(end + dt.timedelta(days=1))


def shown(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def latest(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def problem(value: dt.date, *, earliest: dt.date = EARLIEST) -> str | None:
    """Why `value` is refused, or None when it is inside the range."""
    if value < earliest:
        return f"Enter a date on or after {shown(earliest)}"
    if value > latest():
        return f"Enter a date no later than {shown(latest())}"
    return None


def validate(value: dt.date) -> None:
    """A Django validator for any date Alongside records."""
    if (reason := problem(value)) is not None:
        raise ValidationError(reason, code="date_out_of_range")


def validate_birth(value: dt.date) -> None:
    """A Django validator for a date of birth."""
    if (reason := problem(value, earliest=EARLIEST_BIRTH)) is not None:
        raise ValidationError(reason, code="date_out_of_range")


def _day_of(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def validate_moment(value: dt.datetime) -> None:
    """A Django validator for a date and time: its day must be in range."""
    validate(_day_of(value))


class DateField(forms.DateField):
    """A form's date: refused outside the range above (pass `earliest=EARLIEST_BIRTH` for a birth)."""

    def __init__(self, *, earliest: dt.date = EARLIEST, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_birth if earliest == EARLIEST_BIRTH else validate)


class BirthDateField(DateField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(earliest=EARLIEST_BIRTH, **kwargs)


class DateTimeField(forms.DateTimeField):
    """A form's date and time: its day is refused outside the range above."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_moment)


def is_bounded(field: forms.Field) -> bool:
    """Whether a form field refuses dates outside the range (the test over every form asks)."""
    return any(v in (validate, validate_birth, validate_moment) for v in field.validators)


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def when_field(label: str, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    """A date and time a person types, in the browser's own picker (ward shifts, visits)."""
    return DateTimeField(
        label=label, widget=DATETIME, input_formats=DATETIME_FORMATS, required=required, help_text=help_text
    )
