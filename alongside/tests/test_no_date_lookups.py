"""No figure filters a date and time column by its day with a `__date` lookup (or TruncDate).

`occurred_at__date__range=(start, end)` asks the database for each row's local day: on SQLite that
is a Python function called once per row (63,000 calls for one report), and on PostgreSQL it
defeats the column's index. The same question asked with local-day bounds compares the column as
it is: `occurred_at__gte=since, occurred_at__lt=until` with `since, until = dates.days(start, end)`
(alongside/lib/dates.py). This test reads the source of every module that computes figures (each
app's metrics.py, the dashboard and its summary, the equity view, the report) and fails on a
lookup that ends in `__date` or goes through it, wherever it is written: a keyword argument, a
string (a dict of filters, F()), or TruncDate.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A lookup through a datetime's day: "occurred_at__date", "at__date__gte"; not "date_of_birth".
DATE_LOOKUP = re.compile(r"^\w+__date(__\w+)?$")
FUNCTIONS = {"TruncDate"}


def aggregate_modules() -> list[Path]:
    """Every module that computes or arranges figures, tests left out."""
    found = set(ROOT.glob("*/metrics.py"))
    for package in ("dashboard", "equity", "reports"):
        found |= {p for p in (ROOT / package).rglob("*.py") if "tests" not in p.parts}
    return sorted(found)


def date_lookups(source: str, name: str = "<source>") -> list[str]:
    """Each `__date` lookup or TruncDate in the source, as "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.keyword) and node.arg and DATE_LOOKUP.match(node.arg):
            found.append(f"{node.lineno}: {node.arg}=")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and DATE_LOOKUP.match(node.value):
            found.append(f"{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Name | ast.Attribute):
            called = node.id if isinstance(node, ast.Name) else node.attr
            if called in FUNCTIONS:
                found.append(f"{node.lineno}: {called}")
    return found


def test_the_figures_modules_are_found() -> None:
    names = {str(p.relative_to(ROOT)) for p in aggregate_modules()}
    expected = {
        "support/metrics.py",
        "equity/metrics.py",
        "reports/figures.py",
        "dashboard/summary.py",
        "transitions/metrics.py",
        "outcomes/metrics.py",
        "safety/metrics.py",
    }
    assert expected <= names, expected - names


@pytest.mark.parametrize("path", aggregate_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_figure_filters_by_the_day_of_a_datetime(path: Path) -> None:
    found = date_lookups(path.read_text(), str(path))
    assert not found, (
        f"{path.relative_to(ROOT)} filters on a datetime's day (use alongside.lib.dates.days): {found}"
    )


@pytest.mark.parametrize(
    "snippet",
    [
        "Contact.objects.filter(occurred_at__date__range=(start, end))",
        "Contact.objects.filter(occurred_at__date=day)",
        "qs.filter(**{'started_at__date__gte': start})",
        "qs.values('occurred_at__date').annotate(n=Count('pk'))",
        "from django.db.models.functions import TruncDate\nqs.annotate(day=TruncDate('occurred_at'))",
        "qs.annotate(day=functions.TruncDate('at'))",
    ],
)
def test_the_check_finds_a_date_lookup_however_it_is_written(snippet: str) -> None:
    assert date_lookups(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "since, until = dates.days(start, end)\nqs.filter(occurred_at__gte=since, occurred_at__lt=until)",
        "Person.objects.filter(date_of_birth__lte=day, baby_date_of_birth__isnull=True)",
        "qs.filter(referred_on__range=(start, end))",
        '"""Unlike `at__date__range`, which runs a function on every row."""',
    ],
)
def test_the_check_leaves_bounds_and_date_columns_alone(snippet: str) -> None:
    assert date_lookups(snippet) == []
