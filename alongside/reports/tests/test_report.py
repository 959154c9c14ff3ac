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
    assert modes.total == ("Total", ["30"])
    reach = dict((label, v[0]) for label, v in {t.key: t for t in report.tables}["reach"].rows)
    assert reach["Referred"] == "10"  # 12, rounded to the nearest 5


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
    out["xlsx"] = {
        sheet.title: [[str(c) for c in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
        for sheet in book.worksheets[1:]
    }
    return out


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
