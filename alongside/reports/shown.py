"""The report as it may leave the service: every figure small-number suppressed, once.

Counts of 1 to 7 are hidden (*) and others rounded to the nearest 5 (alongside.lib.suppression);
where rows add up to a total, secondary suppression hides a second count so the first cannot be
worked out from the total; a share or a mean is hidden whenever a count it comes from is small.
All four formats are drawn from a ShownReport, and from nothing else.
"""

from dataclasses import dataclass

from django.utils import timezone

from alongside.equity.metrics import MEASURES
from alongside.equity.metrics import Report as EquityReport
from alongside.lib.suppression import hidden, suppress, suppress_table
from alongside.reports.figures import Derived, Report, Suppressed, Table, Value

HIDDEN = "*"


@dataclass
class ShownTable:
    key: str
    title: str
    label: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    total: tuple[str, list[str]] | None
    chart: bool
    note: str

    def all_rows(self) -> list[tuple[str, list[str]]]:
        return self.rows + ([self.total] if self.total else [])


@dataclass
class ShownReport:
    service: str
    start: str
    end: str
    made_at: str
    tables: list[ShownTable]
    quotes: list[tuple[str, str]]  # (quote, who: "A mother", never a name)


def _derived(d: Derived) -> str:
    if d.value is None or any(hidden(b) for b in d.bases):
        return HIDDEN
    return f"{d.value}{d.unit}"


def _column(table: Table, col: int) -> tuple[list[str], str | None]:
    values = [row.values[col] for row in table.rows]
    if any(not isinstance(v, int) for v in values):
        return [_one(v) for v in values], (None if table.total is None else _one(table.total.values[col]))
    counts = [v for v in values if isinstance(v, int)]
    if table.total is None:
        return [suppress(c) for c in counts], None
    total = table.total.values[col]
    assert total == sum(counts), f"{table.key}: a total must add up its rows"
    done = suppress_table(dict(enumerate(counts)))
    return [done.cells[i] for i in range(len(counts))], done.total


def _one(value: Value) -> str:
    if isinstance(value, Suppressed):
        return value.text
    return _derived(value) if isinstance(value, Derived) else suppress(value)


def shown_table(table: Table) -> ShownTable:
    columns = [_column(table, c) for c in range(len(table.columns))]
    rows = [(row.label, [columns[c][0][r] for c in range(len(columns))]) for r, row in enumerate(table.rows)]
    total = None
    if table.total is not None:
        total = (table.total.label, [str(columns[c][1]) for c in range(len(columns))])
    return ShownTable(
        table.key, table.title, table.label, table.columns, rows, total, table.chart, table.note
    )


def equity_tables(equity: EquityReport) -> list[ShownTable]:
    """The equity view's tables as they are shown there (already suppressed, ADR 0016)."""
    columns = [f"{label}{part}" for label in MEASURES.values() for part in ("", ": share")]
    out = []
    for table in equity.tables:
        rows = []
        for row in table.rows:
            cells = [v for m in MEASURES for v in (row.cells[m].count, row.cells[m].percent or "-")]
            under = ", ".join(label for m, label in MEASURES.items() if row.cells[m].under) or "-"
            population = "-" if row.population is None else f"{row.population.normalize():f}%"
            rows.append((row.label, [*cells, population, under]))
        total = ("Total", [v for m in MEASURES for v in (table.totals[m], "-")] + ["-", "-"])
        note = f"Local population: {', '.join(table.sources)}." if table.sources else ""
        note = " ".join(part for part in (table.note, note) if part)
        out.append(
            ShownTable(
                f"equity_{table.dimension}",
                f"Equity: {table.label.lower()}",
                table.label,
                [*columns, "Local population", "Under-represented in"],
                rows,
                total,
                False,
                note,
            )
        )
    return out


def shown(report: Report) -> ShownReport:
    return ShownReport(
        service=report.service.name,
        start=f"{report.start:%-d %B %Y}",
        end=f"{report.end:%-d %B %Y}",
        made_at=f"{timezone.localtime(report.made_at):%-d %B %Y at %H:%M}",
        tables=[shown_table(t) for t in report.tables]
        + (equity_tables(report.equity) if report.equity else []),
        quotes=[(s.quote, s.get_teller_display()) for s in report.quotes],
    )
