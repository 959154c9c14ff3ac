"""The four formats of the report: an HTML page, a PDF for A4, a ZIP of CSVs and an XLSX workbook.
Each is drawn from the same ShownReport, so the same figures appear in all four (a test checks)."""

import csv
import io
import re
import zipfile
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.text import slugify
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Font

from alongside.outcomes.charts import bar_chart
from alongside.reports.shown import HIDDEN, ShownReport, ShownTable

SUPPRESSION_NOTE = (
    "To protect privacy, counts from 1 to 7 are shown as *, other counts are rounded to the nearest 5, "
    "a second figure is hidden where a total would reveal a hidden one, and shares and means are hidden "
    "where they come from a hidden count."
)


def chart(table: ShownTable) -> Markup:
    bars = [(label, None if values[0] == HIDDEN else int(values[0])) for label, values in table.rows]
    svg = bar_chart(table.title, bars)
    # bar_chart names its title after id(bars), which Python reuses once a list is freed: two
    # charts of one report could share an id (and a screen reader, or the PDF's tags, the wrong
    # title). The table's key is unique in the report.
    return svg.replace(f"b{id(bars)}", f"chart-{table.key}")  # still Markup: replace() escapes its arguments


def filename(report: ShownReport, extension: str) -> str:
    period = f"{slugify(report.start)}-to-{slugify(report.end)}"
    return f"peer-support-report-{slugify(report.service)}-{period}.{extension}"


def _header(table: ShownTable) -> list[str]:
    return [table.label or "Figure", *table.columns]


def csv_zip(report: ShownReport) -> bytes:
    """One CSV per table (UTF-8 with a byte order mark, so Excel reads it), in one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, table in enumerate(report.tables, 1):
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(_header(table))
            for label, values in table.all_rows():
                writer.writerow([label, *values])
            archive.writestr(f"{n:02d}-{table.key}.csv", "\ufeff" + text.getvalue())
        archive.writestr(
            "README.txt", f"{report.service}, {report.start} to {report.end}.\n{SUPPRESSION_NOTE}\n"
        )
    return buffer.getvalue()


# Sheet names a reader understands (Excel allows 31 characters, none of : \ / ? * [ ]).
SHEET_NAMES = {
    "reach": "Reach",
    "ended": "Why support ended",
    "activity": "Contacts and groups",
    "hours": "Hours of peer support",
    "modes": "Contacts by where or how",
    "groups": "Groups by kind",
    "continuity": "Continuity at transitions",
    "workforce": "Workforce by employment",
    "bands": "Pay bands",
    "role": "Role, pay and role drift",
    "upkeep": "Training and supervision",
    "goals": "Goals",
    "feedback_forms": "Feedback forms",
    "feedback": "Feedback",
    "themes": "Themes in stories",
    "equity_area": "Equity by postcode district",  # "Area (postcode district)" is too long
}
SHEET_NAME_LIMIT = 31
NOT_IN_SHEET_NAMES = re.compile(r"[:\\/?*\[\]]")


def sheet_name(table: ShownTable, taken: set[str]) -> str:
    """A readable, unique name within Excel's rules: "Equity by ethnic category", not its key."""
    if table.key in SHEET_NAMES:
        name = SHEET_NAMES[table.key]
    elif table.key.startswith("equity_"):
        name = f"Equity by {table.label.lower()}"
    else:
        name = table.title
    name = NOT_IN_SHEET_NAMES.sub(" ", name).strip(" '")
    name = " ".join(name.split())[:SHEET_NAME_LIMIT].strip(" '") or "Table"
    unique, n = name, 2
    while unique.lower() in taken:
        suffix = f" ({n})"
        unique, n = name[: SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    taken.add(unique.lower())
    return unique


NUMBER = re.compile(r"^(?P<number>-?\d+(?:\.(?P<decimals>\d+))?)(?P<unit>%| points)?$")


def cell(text: str) -> tuple[int | Decimal | str | None, str | None]:
    """A shown figure as a spreadsheet cell and its number format: a count as a number, a share as
    a fraction formatted as a percentage, a mean as a number of points; "*" (hidden) and "-" stay
    text, so a sum over a column adds up what is shown and skips what is hidden."""
    found = NUMBER.match(text)
    if not text:
        return None, None
    if found is None:
        return text, None
    decimals = len(found["decimals"] or "")
    places = "0" + ("." + "0" * decimals if decimals else "")
    if found["unit"] == "%":
        return Decimal(found["number"]) / 100, f"{places}%"
    if found["unit"] == " points":
        return Decimal(found["number"]), f'{places} "points"'
    return int(found["number"]), "#,##0"


def xlsx(report: ShownReport) -> bytes:
    """One sheet per table, with readable names; figures are numbers (a hidden one is the text *)."""
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "About"
    for line in (
        f"Peer support report: {report.service}",
        f"{report.start} to {report.end}",
        f"Made {report.made_at}",
        SUPPRESSION_NOTE,
    ):
        about.append([line])
    about["A1"].font = Font(bold=True, size=14)
    taken = {"about"}
    for table in report.tables:
        sheet = book.create_sheet(sheet_name(table, taken))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(_header(table))
        for label, values in table.all_rows():
            cells = [cell(v) for v in values]
            sheet.append([label, *(value for value, _ in cells)])
            for column, (_, number_format) in enumerate(cells, 2):
                if number_format:
                    sheet.cell(row=sheet.max_row, column=column).number_format = number_format
        sheet.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf(report: ShownReport) -> bytes:
    """A4, from a print page of its own (no external stylesheet or font to fetch), tagged."""
    from weasyprint import HTML  # imported here: it loads system libraries (Pango)

    html = render_to_string(
        "reports/print.jinja", {"report": report, "chart": chart, "note": SUPPRESSION_NOTE}
    )
    # PDF/UA-1: a tagged PDF (headings, tables with their header cells, lists, reading order),
    # with the document's language and title, so a screen reader can read it (ADR 0019).
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]
