"""Writing millions of rows fast, in constant memory, on SQLite and on PostgreSQL alike.

The national generator (alongside/demo/generator.py) makes rows as plain tuples with their primary
keys chosen up front, so nothing needs reading back. A `Table` holds a batch of tuples for one
model's columns and writes it when full: `executemany` on SQLite, `COPY` on PostgreSQL (several
times faster than INSERT there). Django's model layer is skipped on purpose: 5 million Contact
instances would cost minutes of CPU and gigabytes of memory, and bulk_create() needs them all.

Values go in as the database backend would write them (Django's `adapt_*` operations for dates
and times), so the ORM reads them back exactly as if it had saved them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.db import connection, models

BATCH = 5_000


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How one column's Python value becomes what SQLite stores (None: as it is).

    The same text Django's `adapt_datetimefield_value` and `adapt_datefield_value` give (a test
    reads rows back through the ORM), without their per-call checks: millions of calls."""
    if isinstance(field, models.DateTimeField):
        zone = connection.timezone
        return lambda v: str(v.astimezone(zone).replace(tzinfo=None))
    if isinstance(field, models.DateField):
        return str
    return None


def _field(model: type[models.Model], column: str) -> Any:
    """The field a column is for: by its name (Django finds a foreign key by its attname too),
    or by the name without `_id` (a many-to-many table's own columns)."""
    try:
        return model._meta.get_field(column)
    except FieldDoesNotExist:
        return model._meta.get_field(column.removesuffix("_id"))


class Table:
    """Rows for one model, in the order of `columns` (field names, `_id` for foreign keys)."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        fields = [_field(model, c) for c in columns]
        self.names = [str(f.column) for f in fields]  # type: ignore[union-attr]
        # PostgreSQL's COPY takes Python's dates and aware datetimes as they are.
        adapters = [] if connection.vendor == "postgresql" else [_adapter(f) for f in fields]  # type: ignore[arg-type]
        self.adapters = [(i, a) for i, a in enumerate(adapters) if a is not None]
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, *row: Any) -> None:
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows: Iterable[Sequence[Any]] = self.rows
        if self.adapters:
            rows = [self._adapted(r) for r in self.rows]
        _write(self.model._meta.db_table, self.names, rows)
        self.written += len(self.rows)
        self.rows = []

    def _adapted(self, row: tuple[Any, ...]) -> list[Any]:
        values = list(row)
        for i, adapt in self.adapters:
            if values[i] is not None:
                values[i] = adapt(values[i])
        return values


def _write(table: str, names: list[str], rows: Iterable[Sequence[Any]]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(n) for n in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3's own cursor: COPY is not part of the DB-API
            with raw.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})", list(rows))  # noqa: S608


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    """After rows were written with chosen keys, PostgreSQL's sequences must start past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyse() -> None:
    """Give the query planner fresh statistics: after a bulk load its old ones are all wrong
    (three report queries took 4 s each on PostgreSQL before an ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


def next_pk(model: type[models.Model]) -> int:
    """The first free primary key: the generator numbers its own rows from here."""
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return int(last or 0) + 1


def aware(day: dt.date, minute_of_day: int, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(minute_of_day // 60, minute_of_day % 60), tzinfo=tz)
