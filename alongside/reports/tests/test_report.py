"""The commissioner's report: suppressed everywhere, the same figures in all four formats."""

import csv
import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from alongside.outcomes import services as outcome_services
from alongside.outcomes.models import Scope
from alongside.reports import figures
from alongside.reports.models import ReportQuote
from alongside.reports.shown import shown
from alongside.support import services
from alongside.support.models import Contact
from conftest import client_for, refer

TODAY = dt.date.today


class Tables(HTMLParser):
    """Reads every <table data-table=...> of a page into {key: [[label, value, ...], ...]}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.key: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.key = dict(attrs).get("data-table")
            if self.key:
                self.tables[self.key] = []
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.key and not self.in_head:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.key:
            self.tables[self.key].append(self.row)
            self.row = None
        elif tag == "table":
            self.key = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def busy_service(coordinator: Any, peer_worker: Any, clinician: Any, people: int = 12) -> None:
    """Enough people that some counts show and some are hidden."""
    for n in range(people):
        ps = refer(clinician, given_name=f"Mum{n}")
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[peer_worker.user]
        )
        for k in range(n % 4 + 1):
            services.contact_log(
                actor=peer_worker.user,
                membership=peer_worker,
                peer_support=ps,
                occurred_at=timezone.now() - dt.timedelta(days=3 + k),
                duration_minutes=60,
                mode="home" if n < 10 else "phone",
                successful=True,
            )


def period() -> dict[str, str]:
    return {"start": (TODAY() - dt.timedelta(days=30)).isoformat(), "end": TODAY().isoformat()}


def test_small_counts_are_hidden_with_secondary_suppression(
    coordinator: Any, peer_worker: Any, clinician: Any, service: Any
) -> None:
    busy_service(coordinator, peer_worker, clinician)
    report = shown(figures.build(service, TODAY() - dt.timedelta(days=30), TODAY()))
    modes = {t.key: t for t in report.tables}["modes"]
    values = dict((label, v[0]) for label, v in modes.rows)
    # 10 mothers seen at home 1-4 times (25 contacts) and 2 by phone (2 and 3 contacts: 5).
    assert values["Phone"] == "*"
    # Phone (5) alone hidden would be recoverable from the total: the next smallest shown count goes too.
    assert values["Home visit"] == "*"
    assert modes.total == ("One-to-one contacts", ["30"])
    reach = dict((label, v[0]) for label, v in {t.key: t for t in report.tables}["reach"].rows)
    assert reach["People referred"] == "10"  # 12, rounded to the nearest 5


def test_a_share_from_a_hidden_count_is_hidden(service: Any) -> None:
    from alongside.reports.shown import shown_table

    table = figures.Table(
        "t",
        "T",
        "",
        ["Of", "Share"],
        [figures.Row("x", [5, figures.share(5, 40)]), figures.Row("y", [30, figures.share(30, 40)])],
    )
    assert shown_table(table).rows == [("x", ["*", "*"]), ("y", ["30", "75%"])]


def all_formats(client: Any, service: Any) -> dict[str, dict[str, list[list[str]]]]:
    query = period()
    page = client.get(f"/reports/{service.pk}/", query)
    parser = Tables()
    parser.feed(page.content.decode())
    out = {"html": parser.tables}
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/reports/{service.pk}/csv/", query).content))
    out["csv"] = {}
    for name in sorted(archive.namelist()):
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            out["csv"][name[3:-4]] = rows[1:]
    book = load_workbook(io.BytesIO(client.get(f"/reports/{service.pk}/xlsx/", query).content))
    # The sheets are in the tables' order, named for people (a test below checks the names).
    out["xlsx"] = {
        key: [[as_excel_shows(c) for c in row] for row in sheet.iter_rows(min_row=3)]
        for key, sheet in zip(parser.tables, book.worksheets[1:], strict=True)
    }
    return out


def as_excel_shows(cell: Any) -> str:
    """A cell as a spreadsheet shows it, from its value and number format (a second reading of
    the file: openpyxl's, not ours)."""
    if cell.value is None:
        return ""
    if cell.data_type != "n":
        return str(cell.value)
    fmt = cell.number_format
    decimals = len(fmt.split(".")[1].split("%")[0].split(" ")[0]) if "." in fmt else 0
    if fmt.endswith("%"):
        return f"{cell.value * 100:.{decimals}f}%"
    if "points" in fmt:
        return f"{cell.value:.{decimals}f} points"
    return str(cell.value)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_same_figures_in_html_pdf_csv_and_xlsx(
    coordinator: Any, peer_worker: Any, clinician: Any, service: Any
) -> None:
    busy_service(coordinator, peer_worker, clinician)
    client = client_for(coordinator)
    found = all_formats(client, service)
    assert found["html"].keys() == found["csv"].keys() == found["xlsx"].keys()
    assert len(found["html"]) >= 8
    for key, rows in found["html"].items():
        assert rows == found["csv"][key] == found["xlsx"][key], key
    pdf = client.get(f"/reports/{service.pk}/pdf/", period())
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4: 210 mm
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for key, rows in found["html"].items():
        for row in rows:
            pattern = r"\s*".join(re.escape(part) for part in " ".join(row).split())
            assert re.search(pattern, text), f"{key}: {row} not in the PDF"


def test_a_period_ending_before_it_starts_is_refused(coordinator: Any, service: Any) -> None:
    page = client_for(coordinator).get(
        f"/reports/{service.pk}/",
        {"start": TODAY().isoformat(), "end": (TODAY() - dt.timedelta(days=1)).isoformat()},
    )
    assert page.status_code == 400
    assert "must end on or after the day it starts" in page.content.decode()


def test_commissioners_see_their_icb_and_404_elsewhere(
    commissioner: Any, service: Any, other_service: Any
) -> None:
    client = client_for(commissioner)
    assert client.get(f"/reports/{service.pk}/", period()).status_code == 200
    other = client.get(f"/reports/{other_service.pk}/", period()).status_code
    assert other == (200 if other_service.icb_id == service.icb_id else 404)


def test_a_peer_worker_cannot_see_the_report(peer_worker: Any, service: Any) -> None:
    assert client_for(peer_worker).get(f"/reports/{service.pk}/", period()).status_code == 403


def test_a_withdrawn_quote_leaves_every_later_report(coordinator: Any, service: Any) -> None:
    story = outcome_services.story_create(
        actor=coordinator.user,
        membership=coordinator,
        fields={"teller": "mother", "quote": "She got me through"},
        themes=[],
        consents=[Scope.COMMISSIONERS],
        consent_on=TODAY() - dt.timedelta(days=10),
    )
    ReportQuote.objects.create(
        service=service, story=story, chosen_by=coordinator.user, chosen_at=timezone.now()
    )
    assert [s.quote for s in figures.build(service, TODAY() - dt.timedelta(days=30), TODAY()).quotes] == [
        "She got me through"
    ]
    outcome_services.consent_withdraw(
        actor=coordinator.user, membership=coordinator, consent=story.consents.get(), withdrawn_on=TODAY()
    )
    assert figures.build(service, TODAY() - dt.timedelta(days=30), TODAY()).quotes == []
    assert (
        "She got me through"
        not in client_for(coordinator).get(f"/reports/{service.pk}/", period()).content.decode()
    )


def test_no_person_appears_in_the_report(
    coordinator: Any, peer_worker: Any, clinician: Any, service: Any, commissioner: Any
) -> None:
    busy_service(coordinator, peer_worker, clinician, people=9)
    body = client_for(commissioner).get(f"/reports/{service.pk}/", period()).content.decode()
    assert "Mum1" not in body and "Khan" not in body and peer_worker.user.email not in body
    assert Contact.objects.count() > 0


def test_the_spreadsheet_holds_numbers_as_numbers_and_hidden_ones_as_a_star(
    coordinator: Any, peer_worker: Any, clinician: Any, service: Any
) -> None:
    busy_service(coordinator, peer_worker, clinician)
    content = client_for(coordinator).get(f"/reports/{service.pk}/xlsx/", period()).content
    book = load_workbook(io.BytesIO(content))
    names = book.sheetnames
    assert names[:4] == ["About", "Reach", "Why support ended", "Contacts and groups"]
    assert {
        "Equity by ethnic category",
        "Equity by language",
        "Equity by age band",
        "Equity by postcode district",
    } <= set(names)
    assert all(len(name) <= 31 and not re.search(r"[:\\/?*\[\]]", name) for name in names)
    assert not any("_" in name for name in names)
    by_label = {
        sheet.title: {row[0].value: row[1] for row in sheet.iter_rows(min_row=3) if len(row) > 1}
        for sheet in book.worksheets[1:]
    }
    referred = by_label["Reach"]["People referred"]
    assert (referred.data_type, referred.value) == ("n", 10)  # 12, rounded to the nearest 5
    modes = by_label["Contacts by where or how"]
    assert (modes["Phone"].data_type, modes["Phone"].value) == ("s", "*")
    assert (modes["One-to-one contacts"].data_type, modes["One-to-one contacts"].value) == ("n", 30)
    share = by_label["Training and supervision"]
    numbers = [c for sheet in book.worksheets[1:] for row in sheet.iter_rows(min_row=3) for c in row[1:]]
    assert sum(1 for c in numbers if c.data_type == "n") >= 20
    # Nothing that reads as a number was left as text; a share is a fraction shown as a percentage.
    assert not [c.value for c in numbers if c.data_type == "s" and re.fullmatch(r"-?[\d.]+%?", c.value)]
    percents = [c for c in numbers if c.data_type == "n" and c.number_format.endswith("%")]
    assert percents and all(0 <= c.value <= 1 for c in percents)
    assert share  # the sheet is there, with its rows


def test_a_sheet_name_is_kept_within_excels_rules() -> None:
    from alongside.reports.render import sheet_name
    from alongside.reports.shown import ShownTable

    def table(key: str, title: str) -> ShownTable:
        return ShownTable(key, title, "", [], [], None, False, "")

    taken: set[str] = set()
    long = "Pay: bands [in force] at the end of the period / year? *all*"
    first, second = sheet_name(table("x", long), taken), sheet_name(table("y", long), taken)
    assert first == "Pay bands in force at the end o"
    assert second == "Pay bands in force at the e (2)"
    assert all(len(n) <= 31 for n in (first, second))


def structure(node: Any, found: list[Any]) -> list[Any]:
    """Every element of a PDF's structure tree, depth first (marked-content numbers skipped)."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for kid in node:
            structure(kid, found)
    elif isinstance(node, dict):
        if node.get("/Type") == "/StructElem" or "/S" in node:
            found.append(node)
        if "/K" in node:
            structure(node["/K"], found)
    return found


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_pdf_is_tagged_with_its_language_title_headings_and_table_headers(
    coordinator: Any, peer_worker: Any, clinician: Any, service: Any
) -> None:
    busy_service(coordinator, peer_worker, clinician)
    reader = PdfReader(
        io.BytesIO(client_for(coordinator).get(f"/reports/{service.pk}/pdf/", period()).content)
    )
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # the title, not the file name
    assert reader.metadata is not None and reader.metadata.title == f"Peer support report: {service.name}"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp  # it says it is PDF/UA-1
    elements = structure(catalog["/StructTreeRoot"], [])
    kinds = [e["/S"] for e in elements]
    assert kinds.count("/H1") == 1 and kinds.count("/H2") >= 8
    assert kinds.count("/Table") >= 8 and "/TH" in kinds and "/TD" in kinds
    # Each figure's cell names its headers (its row's and its column's), so it is read with them.
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert all(len(e["/A"]["/Headers"]) == 2 for e in cells)
    # The charts are figures with their titles as alternative text.
    figures_ = [e for e in elements if e["/S"] == "/Figure"]
    assert figures_ and all(str(e.get("/Alt", "")).strip() for e in figures_)


def test_each_chart_has_its_own_title_id(
    coordinator: Any, peer_worker: Any, clinician: Any, service: Any
) -> None:
    busy_service(coordinator, peer_worker, clinician)
    body = client_for(coordinator).get(f"/reports/{service.pk}/", period()).content.decode()
    ids = re.findall(r'<title id="([^"]+)"', body)
    assert len(ids) >= 2 and len(set(ids)) == len(ids)
    assert all(f'aria-labelledby="{i}"' in body for i in ids)
