"""Reading a CSV or XLSX file into tables: finding the header row and which sheet each table is.

A table is a CSV file, or one worksheet of a workbook. Above its header row there may be a title,
merged cells or a blank line; its headings may be split over two rows ("Date of" / "birth"); its
cells may carry spaces and it may end in blank columns. The header row is the first row where
most cells name a known column (a sheet's heading or key, or a heading the saved mapping knows).
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from alongside.imports.values import fold, text
from alongside.support.sheets import SHEETS, Sheet

MAX_HEADER_SEARCH = 15  # rows looked at for the header row


class Unreadable(Exception):
    """The file as a whole cannot be read: the message says why, in her words."""


@dataclass
class Table:
    name: str  # the file's stem, or the worksheet's name
    source: str  # "people.csv", or "caseload.xlsx, sheet People"
    headings: list[str] = field(default_factory=list)
    # (row number in the file, counted from 1 as a spreadsheet shows it; the cells)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    sheet: Sheet | None = None


def known_headings(extra: Iterable[str] = ()) -> set[str]:
    names = {fold(column.heading) for sheet in SHEETS for column in sheet.columns}
    names |= {fold(column.key) for sheet in SHEETS for column in sheet.columns}
    return names | {fold(e) for e in extra if e}


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:MAX_HEADER_SEARCH] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    content = _decode(data)
    if "\x00" in content:
        raise Unreadable("The file is not a CSV file that can be read")
    yield from csv.reader(io.StringIO(content, newline=""), delimiter=_delimiter(content[:20_000]))


def _xlsx_sheets(data: bytes) -> Iterator[tuple[str, Iterator[list[Any]]]]:
    from openpyxl import load_workbook  # noqa: PLC0415  (only a workbook needs it)

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise Unreadable("The file is not an Excel workbook that can be read") from error
    for worksheet in workbook.worksheets:
        yield worksheet.title, (list(row) for row in worksheet.iter_rows(values_only=True))


MAX_UNZIPPED = 200 * 1024 * 1024  # a zip that would unpack to more is refused (a zip bomb)


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return True  # let the workbook reader say it cannot be read


def _zipped_csvs(data: bytes) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith((".csv", ".tsv", ".txt"))]
        if sum(m.file_size for m in archive.infolist()) > MAX_UNZIPPED:
            raise Unreadable("The zip file unpacks to more than 200 MB: split it")
        if not members:
            raise Unreadable("The zip file holds no CSV files")
        for member in sorted(members, key=lambda m: m.filename):
            yield member.filename, archive.read(member)


def _is_blank(cells: list[Any]) -> bool:
    return all(text(c) == "" for c in cells)


def _score(cells: list[str], known: set[str]) -> tuple[int, int]:
    filled = [c for c in cells if c]
    return sum(fold(c) in known for c in filled), len(filled)


def _looks_like_headings(cells: list[str], known: set[str]) -> bool:
    matched, filled = _score(cells, known)
    return matched >= 2 and matched * 2 >= filled


def _table(name: str, source: str, rows: Iterable[list[Any]], known: set[str]) -> Table | None:
    table = Table(name=name, source=source)
    looked_at: list[tuple[int, list[Any]]] = []
    iterator = iter(enumerate(rows, start=1))
    for number, cells in iterator:
        looked_at.append((number, cells))
        if len(looked_at) > MAX_HEADER_SEARCH:
            # No row names a known column: the first row with two or more cells is taken as the
            # headings, for her to map by hand (or a saved mapping to recognise).
            found = _first_filled(table, looked_at)
            if found is not None:
                found.rows.extend((n, c) for n, c in iterator if not _is_blank(c))
            return found
        if len(looked_at) < 2:
            continue
        above = [text(c) for c in looked_at[-2][1]]
        here = [text(c) for c in cells]
        # Headings split over two rows: each column's two parts read together.
        width = max(len(above), len(here))
        joined = [
            " ".join(p for p in (above[i] if i < len(above) else "", here[i] if i < len(here) else "") if p)
            for i in range(width)
        ]
        if _looks_like_headings(above, known) and _score(above, known) >= _score(joined, known):
            table.headings = above
            table.rows = [(number, cells)] if not _is_blank(cells) else []
            break
        if _score(joined, known)[0] > max(
            _score(above, known)[0], _score(here, known)[0]
        ) and _looks_like_headings(joined, known):
            table.headings = joined
            break
    else:
        # The file ended while looking: perhaps its last row is the header row (no data).
        if looked_at and _looks_like_headings([text(c) for c in looked_at[-1][1]], known):
            table.headings = [text(c) for c in looked_at[-1][1]]
            return _trim(table)
        return _first_filled(table, looked_at)
    for number, cells in iterator:
        if not _is_blank(cells):
            table.rows.append((number, cells))
    return _trim(table)


def _first_filled(table: Table, looked_at: list[tuple[int, list[Any]]]) -> Table | None:
    for position, (_, cells) in enumerate(looked_at):
        headings = [text(c) for c in cells]
        if sum(1 for h in headings if h) >= 2:
            table.headings = headings
            table.rows = [(n, c) for n, c in looked_at[position + 1 :] if not _is_blank(c)]
            return _trim(table)
    return None


def _trim(table: Table) -> Table:
    while table.headings and not table.headings[-1]:
        table.headings.pop()
    return table


def read(file_name: str, data: bytes, *, extra_headings: Iterable[str] = ()) -> list[Table]:
    """Every table in the file that has a header row; Unreadable when none has."""
    if not data.strip():
        raise Unreadable("The file is empty")
    known = known_headings(extra_headings)
    path = PurePath(file_name)
    tables: list[Table] = []
    if data[:2] == b"PK" and not _is_workbook(data):
        # A zip of CSV files, as Alongside's own export writes one: each file a table.
        for member, content in _zipped_csvs(data):
            stem = PurePath(member).stem
            if table := _table(stem, f"{path.name}, {PurePath(member).name}", _csv_rows(content), known):
                tables.append(table)
    elif data[:2] == b"PK":
        for title, rows in _xlsx_sheets(data):
            if table := _table(title, f"{path.name}, sheet {title}", rows, known):
                tables.append(table)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raise Unreadable("The file is not an Excel workbook that can be read")
    else:
        try:
            if table := _table(path.stem, path.name, _csv_rows(data), known):
                tables.append(table)
        except csv.Error as error:
            raise Unreadable(f"The file is not a CSV file that can be read: {error}") from None
    if not tables:
        raise Unreadable(
            "No row in the file has the column headings Alongside knows (such as Reference, Given name, "
            "Referred on): check it is the right file, or map its columns"
        )
    return tables


def guess_sheet(table: Table, *, taken: set[str] | None = None) -> Sheet | None:
    """The sheet a table is: by its name ("people", "Referrals", "Group sessions"), else by
    which sheet's headings it holds most of (headings only one sheet has count most)."""
    name = fold(table.name)
    for sheet in SHEETS:
        if name in (fold(sheet.name), fold(sheet.title)) or name.endswith(fold(sheet.name)):
            return sheet
    headings = {fold(h) for h in table.headings if h}
    counts: dict[str, int] = {}
    for sheet in SHEETS:
        for column in sheet.columns:
            counts[fold(column.heading)] = counts.get(fold(column.heading), 0) + 1

    def score(sheet: Sheet) -> tuple[float, int]:
        own = [fold(c.heading) for c in sheet.columns]
        hits = [h for h in own if h in headings]
        return sum(1 / counts[h] for h in hits), len(hits)

    ranked = sorted((s for s in SHEETS if s.name not in (taken or set())), key=score, reverse=True)
    best = ranked[0] if ranked else None
    return best if best is not None and score(best)[1] >= 2 else None
