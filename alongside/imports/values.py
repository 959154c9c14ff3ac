"""Reading one cell of a messy spreadsheet as the value a sheet's column wants.

Each reader takes what the cell holds (text, a number, a date or a datetime, as openpyxl or the
CSV reader gives it) and returns the value, or raises Refusal with the words a co-ordinator
reads after "Row 14: <heading> '<cell>' …".
"""

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from alongside.lib import nhs_number

UK = ZoneInfo("Europe/London")
# Excel counts days from 30 December 1899 (its 1900 leap-year slip included). Serials from 1950
# to 2100 are taken as dates; a bare number outside them is not a date anyone meant.
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(18264, 73051)
YES = {"yes", "y", "true", "1", "t"}
NO = {"no", "n", "false", "0", "f", ""}
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


class Refusal(Exception):
    """Why a cell cannot be read: the words after the heading and the cell."""


def text(cell: Any) -> str:
    """The cell as it reads: a whole number without ".0", a date as ISO, stripped."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return (
            cell.strftime("%Y-%m-%d %H:%M") if (cell.hour, cell.minute) != (0, 0) else cell.date().isoformat()
        )
    if isinstance(cell, dt.date):
        return cell.isoformat()
    value = str(cell).strip()
    # An export keeps text a spreadsheet would run as a formula (=, +, -, @) as text with an
    # apostrophe in front (alongside/exports/writers.py): the apostrophe is not part of it.
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value


def _year(value: str) -> int:
    year = int(value)
    if len(value) == 2:
        # 26 is 2026; 85 is 1985: a two-digit year is within a century ending 20 years ahead.
        pivot = (timezone.localdate().year + 20) % 100
        year += 2000 if year <= pivot else 1900
    return year


def _real(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Refusal("is not a real date") from None


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_WORDS = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]+)\.?,?[\s-]+(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2}))?$"
)
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")


def _from_serial(number: float) -> dt.datetime:
    if int(number) not in SERIALS:
        raise Refusal("is not a date")
    moment = dt.datetime.combine(EXCEL_EPOCH, dt.time()) + dt.timedelta(days=number)
    # Excel keeps times as fractions of a day: round to the minute it showed.
    return (moment + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)


def _moment_parts(cell: Any) -> tuple[dt.date, dt.time | None]:
    if isinstance(cell, dt.datetime):
        return cell.date(), cell.time() if (cell.hour, cell.minute, cell.second) != (0, 0, 0) else None
    if isinstance(cell, dt.date):
        return cell, None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        moment = _from_serial(float(cell))
        return moment.date(), moment.time() if float(cell) % 1 else None
    value = text(cell)
    if _SERIAL.match(value):
        moment = _from_serial(float(value))
        return moment.date(), moment.time() if "." in value else None
    if match := _ISO.match(value):
        year, month, day, hour, minute, second = match.groups()
        return _real(int(year), int(month), int(day)), _time(hour, minute, second)
    if match := _UK.match(value):
        day, month, year, hour, minute, second = match.groups()
        return _real(_year(year), int(month), int(day)), _time(hour, minute, second)
    if match := _WORDS.match(value):
        day, month_word, year, hour, minute = match.groups()
        month = MONTHS.get(month_word.lower())
        if month is None:
            raise Refusal("is not a date")
        return _real(_year(year), month, int(day)), _time(hour, minute, None)
    raise Refusal("is not a date: write it like 01/03/2026 or 2026-03-01")


def _time(hour: str | None, minute: str | None, second: str | None) -> dt.time | None:
    if hour is None or minute is None:
        return None
    try:
        return dt.time(int(hour), int(minute), int(second or 0))
    except ValueError:
        raise Refusal("is not a real time") from None


def date(cell: Any) -> dt.date:
    day, _ = _moment_parts(cell)
    return day


def moment(cell: Any) -> dt.datetime:
    """A day and a time, read as UK time (a day alone is taken as midnight)."""
    day, at = _moment_parts(cell)
    if isinstance(cell, dt.datetime) and cell.tzinfo is not None:
        return cell
    return dt.datetime.combine(day, at or dt.time(), tzinfo=UK)


def whole(cell: Any) -> int:
    value = text(cell)
    try:
        number = float(value)
    except ValueError:
        raise Refusal("is not a whole number") from None
    if not number.is_integer() or number < 0:
        raise Refusal("is not a whole number")
    return int(number)


def yes_no(cell: Any) -> bool:
    if isinstance(cell, bool):
        return cell
    value = text(cell).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise Refusal("is not yes or no")


def nhs(cell: Any) -> str:
    digits = nhs_number.normalise(text(cell))
    if not nhs_number.is_valid(digits):
        raise Refusal("is not valid")
    return digits


def email(cell: Any) -> str:
    value = text(cell).lower()
    try:
        validate_email(value)
    except ValidationError:
        raise Refusal("is not an email address") from None
    return value


def fold(value: str) -> str:
    """Case, spaces and punctuation left out: how headings and choices are matched."""
    return re.sub(r"[^a-z0-9]", "", value.lower())


def choice(cell: Any, choices: dict[str, str]) -> str:
    """`choices` is folded label or value -> stored value."""
    value = choices.get(fold(text(cell)))
    if value is None:
        raise Refusal("is not one of the choices")
    return value


def shown(value: Any) -> str:
    """A value as the plan shows it (old -> new)."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.astimezone(UK).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
