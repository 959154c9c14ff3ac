"""Sheets written out as CSV, as a ZIP of CSVs, or as one XLSX workbook.

The file is built whole into a spooled temporary file (in memory while small, on disk past
SPOOL_BYTES) before anything is sent, so the audit row is written once the rows are known and
before the file leaves; rows are read from the database in chunks, never all at once.

- CSV: UTF-8 with a byte order mark (so Excel reads it as UTF-8), dates as ISO dates, moments as
  "YYYY-MM-DD HH:MM" in UK time; a text cell that a spreadsheet would run as a formula (starting
  with = + - @, a tab or a carriage return) gets a leading apostrophe (OWASP, "CSV injection").
- XLSX (openpyxl, write-only): the header row bold and frozen; dates and moments as real dates
  (moments in UK time); text always stored as text, never as a formula, so it needs no apostrophe
  and reads back exactly.
"""

import csv
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from alongside.exports.contents import CONTENTS, Cell
from alongside.organisations.models import Membership

SPOOL_BYTES = 8 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MOMENT_FORMAT = "%Y-%m-%d %H:%M"
XLSX_MOMENT = "yyyy-mm-dd hh:mm"
XLSX_DATE = "yyyy-mm-dd"


@dataclass
class Written:
    """What went into each sheet: how many rows, and the people they are about (for the audit)."""

    rows: dict[str, int] = field(default_factory=dict)
    person_ids: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def safe_text(text: str) -> str:
    """Text a spreadsheet would run as a formula, kept as text by a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime(MOMENT_FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return safe_text(value)


def _rows(name: str, membership: Membership, written: Written) -> Iterable[list[Cell]]:
    """A sheet's rows, counting them and noting whom they are about as they go."""
    written.rows[name] = 0
    for cells, person_id in CONTENTS[name].read(membership):
        written.rows[name] += 1
        if person_id is not None:
            written.person_ids.add(person_id)
        yield cells


def _write_csv(out: IO[str], name: str, membership: Membership, written: Written) -> None:
    writer = csv.writer(out)
    writer.writerow(CONTENTS[name].sheet.headings)
    for cells in _rows(name, membership, written):
        writer.writerow([csv_cell(value) for value in cells])


def write_csv(out: IO[bytes], name: str, membership: Membership, written: Written) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    _write_csv(text, name, membership, written)
    text.flush()
    text.detach()


def write_zip(
    out: IO[bytes], names: Iterable[str], membership: Membership, written: Written, stem: str
) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            with archive.open(f"{stem}-{name}.csv", "w") as member:
                write_csv(member, name, membership, written)


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Cell) -> Any:
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = XLSX_MOMENT
        return cell
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)  # characters XLSX cannot hold (control codes)
        if text.startswith("="):  # openpyxl would store it as a formula: keep it as text
            cell = WriteOnlyCell(sheet, text)
            cell.data_type = "s"
            return cell
        return text
    return value  # a date gets openpyxl's yyyy-mm-dd; a number and None as they are


def write_xlsx(out: IO[bytes], names: Iterable[str], membership: Membership, written: Written) -> None:
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name in names:
        content = CONTENTS[name]
        sheet = book.create_sheet(title=name)
        sheet.freeze_panes = "A2"
        for letter, column in zip(_letters(), content.sheet.columns, strict=False):
            sheet.column_dimensions[letter].width = max(12, min(40, len(column.heading) + 2))
        header = []
        for heading in content.sheet.headings:
            cell = WriteOnlyCell(sheet, heading)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for cells in _rows(name, membership, written):
            sheet.append([_xlsx_cell(sheet, value) for value in cells])
    book.save(out)


def _letters() -> Iterable[str]:
    return (get_column_letter(n) for n in range(1, 27))


def build(
    names: list[str], fmt: str, membership: Membership, stem: str
) -> tuple[IO[bytes], str, str, Written]:
    """The file, its extension and content type, and what went into it."""
    out: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (sent, then closed)
    written = Written()
    if fmt == "xlsx":
        write_xlsx(out, names, membership, written)
        kind = ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif len(names) == 1:
        write_csv(out, names[0], membership, written)
        kind = ("csv", "text/csv; charset=utf-8")
    else:
        write_zip(out, names, membership, written, stem)
        kind = ("zip", "application/zip")
    out.seek(0)
    return out, kind[0], kind[1], written
