"""The four formats of the report: an HTML page, a PDF for A4, a ZIP of CSVs and an XLSX workbook.
Each is drawn from the same ShownReport, so the same figures appear in all four (a test checks)."""

import csv
import io
import zipfile

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
    return bar_chart(table.title, bars)


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


def xlsx(report: ShownReport) -> bytes:
    """One sheet per table, figures as text so a hidden * and a rounded count read the same."""
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
    for table in report.tables:
        sheet = book.create_sheet(table.key[:31])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(_header(table))
        for label, values in table.all_rows():
            sheet.append([label, *values])
        sheet.column_dimensions["A"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf(report: ShownReport) -> bytes:
    """A4, from a print page of its own (no external stylesheet or font to fetch)."""
    from weasyprint import HTML  # imported here: it loads system libraries (Pango)

    html = render_to_string(
        "reports/print.jinja", {"report": report, "chart": chart, "note": SUPPRESSION_NOTE}
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
