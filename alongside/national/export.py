"""The national picture as tables of words: one `Document` drawn from `figures.picture`, which the
overview page, its PDF and its XLSX all show, so the three always say the same
(alongside/national/tests/test_pages.py checks cells of each).

Every figure is as the returns show it: a count from 1 to 7 is "*", a total that includes hidden
counts is a range, and counts of services (not of people) are shown as they are.
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from alongside.national import access, figures, tilemap
from alongside.national.figures import (
    COVERAGE,
    Area,
    Picture,
    Span,
    grid_table,
    recommendations_table,
    setup_table,
)
from alongside.national.models import PerinatalService, quarter_label
from alongside.national.returns import QUARTER_COUNTS, STATUSES
from alongside.recommendations.measures import BY_NUMBER


def suppression_note() -> str:
    hide = settings.ALONGSIDE["SUPPRESS_MAX"]
    return (
        f"To protect privacy, a service's count from 1 to {hide} is shown as *. Where a total includes "
        f"hidden counts it is shown as a range: each hidden count could be anything from 1 to {hide}, "
        "so the total lies somewhere in the range, and nothing hidden can be worked out from it. "
        "A figure per 1,000 births or per 100 referrals is a range for the same reason. "
        "Counts of services are not hidden: services are not people. No person is named."
    )


COUNT_WORDS = {
    "referred": "Referred to peer support in the quarter",
    "reached": "People supported in the quarter",
    "one_to_one_contacts": "One-to-one contacts in the quarter",
    "group_sessions": "Group sessions in the quarter",
    "hours": "Hours of peer support in the quarter",
    "year_referred": "Referred in the 12 months to the quarter's end",
    "year_reached": "People supported in the 12 months to the quarter's end",
    "year_hours": "Hours of peer support in the 12 months to the quarter's end",
    "peer_supporters": "Peer workers and volunteers",
    "paid": "Paid peer workers",
    "volunteers": "Volunteer peer supporters",
    "trained": "Peer workers with their training up to date",
    "non_peer_duty_hours": "Hours on duties other than peer support",
}
PEER_SUPPORT_WORDS = dict(PerinatalService.PeerSupport.choices)
PEER_SUPPORT_KINDS = tuple(PerinatalService.PeerSupport.values)
# The counts the region and ICB tables show, beside their services.
AREA_COUNTS = ("reached", "hours", "peer_supporters")


@dataclass(frozen=True)
class Table:
    """One table of the document: a sheet of the XLSX, a table on the page and in the PDF. The
    first cell of each row is its header; `link` names the page (by URL name) each row's `keys`
    open, on the web page only."""

    key: str
    sheet: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    link: str | None = None
    keys: list[str] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class Document:
    title: str
    quarter: str
    notes: list[str]
    tables: list[Table]
    icb_map: tilemap.TileMap | None = None

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def cell(self, key: str, row: str, column: str) -> str:
        """A cell by its row's header and its column's: for tests that compare the formats."""
        table = self.table(key)
        found = next(r for r in table.rows if r[0] == row)
        return found[table.columns.index(column)]


def peer_support_text(area: Area) -> str:
    return ", ".join(
        f"{area.peer_support[k]} {PEER_SUPPORT_WORDS[k].lower()}"
        for k in PEER_SUPPORT_KINDS
        if area.peer_support[k]
    )


def area_rows(area: Area) -> list[list[str]]:
    """An area's figures, one to a row: services, peer support, counts, births and coverage."""
    rows = [
        ["Services registered", f"{area.registered:,}"],
        ["Services with a return for the quarter", f"{area.returning:,}"],
        *[
            [f"Peer support: {PEER_SUPPORT_WORDS[k].lower()}", f"{area.peer_support[k]:,}"]
            for k in PEER_SUPPORT_KINDS
        ],
        *[[COUNT_WORDS[k], area.count(k).text()] for k in COUNT_WORDS],
        ["Peer support hours a week (where known)", _hours(area)],
        ["Births in the year", _number(area.births)],
        ["Referrals to perinatal mental health services in the year", _number(area.referrals)],
        *[[words, area.coverage(key).text()] for key, words, _, _ in COVERAGE],
    ]
    return rows


def _hours(area: Area) -> str:
    if area.hours_per_week is None:
        return "Not known"
    return f"{area.hours_per_week:,} (from {area.hours_known} of {area.registered} services)"


def _number(n: int | None) -> str:
    return "Not known" if n is None else f"{n:,}"


def _area_line(area: Area, extra: Sequence[str] = ()) -> list[str]:
    return [
        area.name,
        *extra,
        f"{area.registered:,}",
        f"{area.returning:,}",
        peer_support_text(area) or "None registered",
        *[area.count(k).text() for k in AREA_COUNTS],
    ]


AREA_COLUMNS = [
    "Services registered",
    "With a return",
    "Peer support",
    "People supported in the quarter",
    "Hours of peer support in the quarter",
    "Peer workers and volunteers",
]
COVERAGE_WORDS = [words for _, words, _, _ in COVERAGE]


def counts_text(counts: dict[str, object] | None, key: str) -> str:
    """A service's count as its return shows it ("*" kept), or why there is none."""
    if counts is None:
        return "No return"
    value = counts.get(key)
    if value is None:
        return "Not in its return"
    return value if isinstance(value, str) else f"{value:,}"


def regions_table(picture: Picture) -> Table:
    return Table(
        "regions",
        "Regions",
        "Each region's services and counts",
        ["Region", *AREA_COLUMNS],
        [_area_line(region) for region, _ in picture.regions],
        "national:region",
        [region.code for region, _ in picture.regions],
    )


def region_coverage_table(picture: Picture) -> Table:
    return Table(
        "region_coverage",
        "Coverage by region",
        "Coverage in each region",
        ["Region", *COVERAGE_WORDS],
        [[r.name, *[r.coverage(key).text() for key, *_ in COVERAGE]] for r, _ in picture.regions],
        "national:region",
        [region.code for region, _ in picture.regions],
    )


def icbs_table(
    regions: Sequence[tuple[Area, Sequence[Area]]], caption: str = "Each ICB's services and counts"
) -> Table:
    return Table(
        "icbs",
        "ICBs",
        caption,
        ["ICB", "Region", *AREA_COLUMNS],
        [_area_line(icb, [region.name]) for region, icbs in regions for icb in icbs],
        "national:icb",
        [icb.code for _, icbs in regions for icb in icbs],
    )


def icb_coverage_table(regions: Sequence[tuple[Area, Sequence[Area]]]) -> Table:
    return Table(
        "icb_coverage",
        "Coverage by ICB",
        "Coverage in each ICB",
        ["ICB", *COVERAGE_WORDS],
        [
            [icb.name, *[icb.coverage(key).text() for key, *_ in COVERAGE]]
            for _, icbs in regions
            for icb in icbs
        ],
        "national:icb",
        [icb.code for _, icbs in regions for icb in icbs],
    )


def services_table(picture: Picture, icb_code: str | None = None) -> Table:
    lines = picture.services_in(icb_code) if icb_code else picture.services
    return Table(
        "services",
        "Services",
        "Each registered service",
        [
            "Service",
            "Code",
            "ICB",
            "Kind",
            "Uses Alongside",
            "Return for the quarter",
            "Peer support",
            *[COUNT_WORDS[k] for k in ("referred", "reached", "hours", "peer_supporters")],
        ],
        [
            [
                s.ps.name,
                s.ps.code,
                s.ps.icb.name,
                s.ps.get_kind_display(),
                "Yes" if s.ps.uses_alongside else "No",
                f"Version {s.version}" if s.version else "No return",
                PEER_SUPPORT_WORDS[s.peer_support],
                *[counts_text(s.counts, k) for k in ("referred", "reached", "hours", "peer_supporters")],
            ]
            for s in lines
        ],
        "national:service",
        [s.ps.code for s in lines],
    )


def trend_tables(picture: Picture, scopes: Sequence[tuple[str, str]]) -> list[Table]:
    """England's (or a region's) counts for each quarter of the trend, then people supported in
    each region by quarter."""
    quarters = [quarter_label(q) for q in picture.quarters]
    first_code, first_name = scopes[0]
    spans = picture.trend.get(first_code, {})
    tables = [
        Table(
            "trend",
            "Trend",
            f"{first_name}, by quarter",
            ["Count", *quarters],
            [
                [COUNT_WORDS[k], *[spans.get(q, {}).get(k, Span()).text() for q in picture.quarters]]
                for k in QUARTER_COUNTS
            ],
            note="Each quarter counts the services that made a return for it.",
        )
    ]
    if len(scopes) > 1:
        tables.append(
            Table(
                "trend_regions",
                "Trend by region",
                "People supported in each region, by quarter",
                ["Region", *quarters],
                [
                    [
                        name,
                        *[
                            picture.trend.get(code, {}).get(q, {}).get("reached", Span()).text()
                            for q in picture.quarters
                        ],
                    ]
                    for code, name in scopes[1:]
                ],
            )
        )
    return tables


def setup_rows(picture: Picture) -> Table:
    rows = []
    for question, answers, not_known in setup_table(picture.services):
        for answer, n in answers:
            rows.append([question, answer, f"{n:,}"])
        rows.append([question, "Not known", f"{not_known:,}"])
    return Table(
        "setup",
        "Set-up",
        "How peer support is set up, across services",
        ["Question", "Answer", "Services"],
        rows,
    )


def grid_rows(picture: Picture) -> Table:
    rows = []
    for principle, practices in grid_table(picture.services):
        for practice, tally in practices:
            said = ", ".join(f"{level}: {n}" for level, n in sorted(tally.items())) or "No ratings returned"
            rows.append([principle, practice, said])
    return Table(
        "grid",
        "Grid",
        "The self-reflective grid: services at each rating, in their latest completed review",
        ["Principle", "Practice", "Services at each rating"],
        rows,
    )


def recommendation_rows(picture: Picture) -> Table:
    rows = [
        [f"{number}. {BY_NUMBER[int(number)].title}", *[f"{tally[s]:,}" for s in STATUSES]]
        for number, tally in recommendations_table(picture.services)
    ]
    return Table(
        "recommendations",
        "Recommendations",
        "The fourteen recommendations: services at each status",
        ["Recommendation", *STATUSES],
        rows,
    )


def headline(picture: Picture) -> Table:
    england = picture.england
    no_icbs = [icb.name for icb in picture.icbs if icb.without_peer_support]
    no_services = [s.ps.name for s in picture.services if s.peer_support == PerinatalService.PeerSupport.NONE]
    return Table(
        "england",
        "England",
        "England",
        ["Measure", "England"],
        [
            *area_rows(england),
            ["Services with no peer support at all", f"{len(no_services):,}"],
            ["ICBs with no peer support at all", f"{len(no_icbs):,}"],
            ["Returns received for the quarter", f"{picture.returns_received:,}"],
        ],
    )


def without_peer_support(picture: Picture) -> Table:
    rows = [
        [s.ps.name, s.ps.icb.name, "Its ICB has none either" if _icb_has_none(picture, s.ps.icb.name) else ""]
        for s in picture.services
        if s.peer_support == PerinatalService.PeerSupport.NONE
    ]
    return Table(
        "no_peer_support",
        "No peer support",
        "Services with no peer support at all",
        ["Service", "ICB", "Note"],
        rows,
        "national:service",
        [s.ps.code for s in picture.services if s.peer_support == PerinatalService.PeerSupport.NONE],
    )


def _icb_has_none(picture: Picture, name: str) -> bool:
    return any(icb.name == name and icb.without_peer_support for icb in picture.icbs)


def overview(picture: Picture, measure: str = COVERAGE[0][0]) -> Document:
    """England for the quarter: every table the overview page, the PDF and the XLSX show."""
    words = next(w for k, w, _, _ in COVERAGE if k == measure)
    scopes = [("england", "England"), *[(r.code, r.name) for r, _ in picture.regions]]
    return Document(
        title=f"The national picture: England, {quarter_label(picture.quarter)}",
        quarter=quarter_label(picture.quarter),
        notes=[
            suppression_note(),
            f"Births and referrals are for {picture.population_year or 'no known year'}; "
            "an ICB's figures are its services' returns added up.",
        ],
        tables=[
            headline(picture),
            without_peer_support(picture),
            regions_table(picture),
            region_coverage_table(picture),
            icbs_table(picture.regions),
            icb_coverage_table(picture.regions),
            services_table(picture),
            *trend_tables(picture, scopes),
            setup_rows(picture),
            grid_rows(picture),
            recommendation_rows(picture),
        ],
        icb_map=tilemap.tile_map(picture.regions, measure, words),
    )


# PDF and XLSX --------------------------------------------------------------------------------


def filename(document: Document, extension: str) -> str:
    return f"national-picture-{document.quarter.lower()}.{extension}"


def print_html(document: Document) -> str:
    """The page WeasyPrint turns into the PDF: the document's tables and its map."""
    icb_map = (
        tilemap.svg(document.icb_map, title_id="pdf-map-title", desc_id="pdf-map-desc")
        if document.icb_map
        else Markup("")
    )
    return render_to_string("national/print.jinja", {"document": document, "icb_map": icb_map})


def pdf(document: Document) -> bytes:
    """A4, tagged PDF/UA-1 as the report and the grid's are (ADR 0019)."""
    from weasyprint import HTML  # imported here: it loads system libraries (Pango)

    return HTML(string=print_html(document)).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


WRAP = Alignment(wrap_text=True, vertical="top")


def xlsx(document: Document) -> bytes:
    """An About sheet with the notes, then one sheet for each table, its columns as on the page."""
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "About"
    for text in (document.title, *document.notes):
        about.append([text])
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 110
    for row in about.iter_rows():
        for cell in row:
            cell.alignment = WRAP
    for table in document.tables:
        sheet = book.create_sheet(table.sheet[:31])
        sheet.append([table.caption])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.columns)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.freeze_panes = "B3"
        sheet.column_dimensions["A"].width = 48
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The PDF, kept -------------------------------------------------------------------------------

PDF_KEPT = dt.timedelta(hours=6)


def kept_pdf(document: Document, measure: str) -> bytes:
    """Laying out some twenty pages takes WeasyPrint a few seconds at national size, and the
    figures change only when a return or the register does: the PDF is kept until then (the
    key holds access.fingerprint()), or PDF_KEPT, in the shared cache."""
    key = f"national-pdf:{document.quarter}:{measure}:{access.fingerprint()}"
    made = cache.get(key)
    if made is None:
        made = pdf(document)
        cache.set(key, made, int(PDF_KEPT.total_seconds()))
    return made


def make_pdf_ahead(quarter: dt.date) -> None:
    """Lay out the quarter's PDF (with the first coverage figure, the page's default) now, so
    the first national reviewer to ask for it after new returns does not wait: make_returns and
    import_return call this once returns are kept."""
    measure = COVERAGE[0][0]
    kept_pdf(overview(figures.picture(quarter), measure), measure)
