"""The national pages on the demo (with its returns): what a national reviewer and a commissioner
see, what each is refused, that the page, PDF and XLSX say the same, and that a page's query
count does not grow with the number of services."""

import io
import re
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from alongside.audit.models import AuditLog
from alongside.demo.builder import build
from alongside.national import access, export, figures, tilemap
from alongside.national.figures import COVERAGE
from alongside.national.models import PerinatalService, Return, quarter_label
from alongside.national.returns import make_here, quarters_back, receive, totals
from alongside.organisations.models import ICB, Membership
from alongside.tests.demo_once import shared_demo
from conftest import client_for

pytestmark = pytest.mark.django_db


def build_demo() -> None:
    build(people=40)
    if not Return.objects.exists():  # until the demo makes its own returns
        make_here(quarters_back(figures.latest_quarter(timezone.localdate()), 4))


demo_module, demo = shared_demo(build_demo)


def member(role: str) -> Membership:
    return Membership.objects.select_related("service__icb").get(user__email=f"{role}@alongside.example")


def text_of(html: str) -> str:
    """The visible words of a page, tags dropped, spaces squeezed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def table_rows(html: str, key: str) -> list[list[str]]:
    """The cells of the table marked data-table=key, row by row, as words."""
    found = re.search(rf'<table[^>]*data-table="{key}".*?</table>', html, re.S)
    assert found, f"no table {key}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(0), re.S)
    return [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def test_the_overview_shows_england_its_regions_the_map_and_its_table(demo: None) -> None:
    response = client_for(member("national")).get(reverse("national:overview"))

    assert response.status_code == 200
    html = response.content.decode()
    words = text_of(html)
    assert "counts from 1 to 7" in words.lower() or "count from 1 to 7" in words.lower()
    assert "Services registered 66" in words
    picture = figures.picture(figures.latest_quarter(timezone.localdate()))
    # The map: one tile for each ICB, each with its title; and the same ICBs in its data table.
    svg = re.search(r"<svg[^>]*alongside-tilemap.*?</svg>", html, re.S)
    assert svg and 'role="img"' in svg.group(0) and "aria-labelledby=" in svg.group(0)
    assert svg.group(0).count("<rect") - svg.group(0).count('width="18"') == len(picture.icbs) == 42
    map_rows = table_rows(html, "map")[1:]
    assert [r[0] for r in map_rows] == [t.area.name for t in export.overview(picture).icb_map.tiles]  # type: ignore[union-attr]
    first = picture.icbs[0]
    assert [first.name, first.coverage(COVERAGE[0][0]).text()] == [map_rows[0][0], map_rows[0][3]]
    # Every region, with a link to its page.
    for region, _ in picture.regions:
        assert reverse("national:region", args=[region.code]) in html
    for heading in (
        "by quarter",
        "How peer support is set up",
        "self-reflective grid",
        "fourteen recommendations",
    ):
        assert heading in words, heading


def test_services_and_icbs_with_no_peer_support_are_named(demo: None) -> None:
    html = client_for(member("national")).get(reverse("national:overview")).content.decode()

    named = {r[0] for r in table_rows(html, "no_peer_support")[1:]}
    expected = set(
        PerinatalService.objects.filter(peer_support=PerinatalService.PeerSupport.NONE).values_list(
            "name", flat=True
        )
    )
    assert expected and named == expected


def test_a_hidden_count_stays_hidden_and_a_total_with_one_is_a_range(demo: None) -> None:
    picture = figures.picture(figures.latest_quarter(timezone.localdate()))
    supporters = picture.england.count("peer_supporters")
    assert supporters.hidden, "the demo has small headcounts to hide"

    html = client_for(member("national")).get(reverse("national:overview")).content.decode()

    england = dict((r[0], r[1]) for r in table_rows(html, "england")[1:])
    assert england["Peer workers and volunteers"] == supporters.text()
    assert re.fullmatch(r"[\d,]+ to [\d,]+", supporters.text())


def test_a_bad_quarter_or_measure_gets_a_clear_message_not_an_error(demo: None) -> None:
    client = client_for(member("national"))
    for query, says in (
        ("?quarter=2026-Q5", "is not a quarter"),
        ("?quarter=last", "is not a quarter"),
        ("?quarter=2999-Q1", "has not begun yet"),
        ("?measure=everything", "is not one of the coverage figures"),
    ):
        response = client.get(reverse("national:overview") + query)
        assert response.status_code == 400, query
        assert says in text_of(response.content.decode()), query


def test_an_earlier_quarter_can_be_chosen(demo: None) -> None:
    latest = figures.latest_quarter(timezone.localdate())
    earlier = quarter_label(quarters_back(latest, 2)[1])

    response = client_for(member("national")).get(reverse("national:overview") + f"?quarter={earlier}")

    assert response.status_code == 200
    assert f"England, {earlier}" in text_of(response.content.decode())


def test_the_overview_reads_as_many_queries_however_many_services_there_are(
    demo: None, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member("national"))
    client.get(reverse("national:overview"))  # sessions and caches warmed
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("national:overview"))
    icbs = list(ICB.objects.all()[:10])
    PerinatalService.objects.bulk_create(
        PerinatalService(
            code=f"ZX{n:03d}", name=f"Extra service {n}", kind="community", icb=icb, trust_name="T"
        )
        for n, icb in enumerate(icbs * 3)
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(reverse("national:overview"))
    assert "Extra service 29" in response.content.decode()


def test_the_page_pdf_and_xlsx_say_the_same(demo: None) -> None:
    client = client_for(member("national"))
    html = client.get(reverse("national:overview")).content.decode()
    document = export.overview(figures.picture(figures.latest_quarter(timezone.localdate())))
    book = load_workbook(io.BytesIO(client.get(reverse("national:xlsx")).content))
    pdf = client.get(reverse("national:pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    pdf_words = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())

    for key, sheet in (("england", "England"), ("regions", "Regions"), ("icb_coverage", "Coverage by ICB")):
        table = document.table(key)
        page_rows = table_rows(html, key)
        xlsx_rows = [[str(c) for c in r] for r in book[sheet].iter_rows(min_row=2, values_only=True)]
        assert page_rows[0] == xlsx_rows[0] == table.columns, key
        for page_row, xlsx_row, row in list(zip(page_rows[1:], xlsx_rows[1:], table.rows, strict=False))[:6]:
            assert page_row == xlsx_row == row, key
            assert all(_in(cell, pdf_words) for cell in row), (key, row)
    people = document.cell("england", "People supported in the quarter", "England")
    assert people in text_of(html) and _in(people, pdf_words)
    assert set(book.sheetnames) >= {
        "About",
        "England",
        "Regions",
        "ICBs",
        "Services",
        "Trend",
        "Set-up",
        "Grid",
    }


def _in(words: str, text: str) -> bool:
    return re.search(r"\s*".join(re.escape(part) for part in words.split()), text) is not None


def test_a_commissioner_sees_her_icb_against_its_region_and_england_naming_no_other_icb(demo: None) -> None:
    commissioner = member("commissioner")
    mine = commissioner.service.icb

    response = client_for(commissioner).get(reverse("national:overview"))

    assert response.status_code == 200
    words = text_of(response.content.decode())
    assert f"{mine.name} against {mine.region.name} and England" in words
    assert re.search(r"(between \d+(st|nd|rd|th) and \d+(st|nd|rd|th)|\d+(st|nd|rd|th)) of \d+", words)
    others = ICB.objects.exclude(pk=mine.pk).values_list("name", flat=True)
    assert [name for name in others if name in words] == []
    assert reverse("national:icb", args=[mine.code]) in response.content.decode()


def test_a_commissioner_opens_her_icb_and_its_services_and_nothing_else(demo: None) -> None:
    commissioner = member("commissioner")
    client = client_for(commissioner)
    mine = commissioner.service.icb
    other_icb = ICB.objects.exclude(pk=mine.pk).filter(perinatal_services__isnull=False).first()
    assert other_icb is not None
    hers = PerinatalService.objects.filter(icb=mine).first()
    elsewhere = PerinatalService.objects.filter(icb=other_icb).first()
    assert hers and elsewhere

    assert client.get(reverse("national:icb", args=[mine.code])).status_code == 200
    assert client.get(reverse("national:service", args=[hers.code])).status_code == 200
    for url in (
        reverse("national:icb", args=[other_icb.code]),
        reverse("national:service", args=[elsewhere.code]),
        reverse("national:region", args=[mine.region.code]),
        reverse("national:rankings"),
        reverse("national:returns"),
        reverse("national:pdf"),
        reverse("national:xlsx"),
    ):
        assert client.get(url).status_code == 404, url


def test_a_service_manager_and_a_peer_worker_are_refused(demo: None) -> None:
    assert client_for(member("manager")).get(reverse("national:overview")).status_code == 404
    assert client_for(member("peerworker")).get(reverse("national:overview")).status_code == 403


def test_region_icb_and_service_pages_are_audited_and_show_only_aggregates(demo: None) -> None:
    national = member("national")
    client = client_for(national)
    ps = PerinatalService.objects.select_related("icb__region").filter(service__isnull=False).first()
    assert ps is not None
    for name, code, model in (
        ("national:region", ps.icb.region.code, "organisations.Region"),
        ("national:icb", ps.icb.code, "organisations.ICB"),
        ("national:service", ps.code, "national.PerinatalService"),
    ):
        before = AuditLog.objects.count()
        response = client.get(reverse(name, args=[code]))
        assert response.status_code == 200, name
        row = AuditLog.objects.order_by("-pk").first()
        assert AuditLog.objects.count() == before + 1 and row is not None
        assert (row.model, row.view, row.person_id, row.actor_id) == (model, name, None, national.user_id)
    assert client.get(reverse("national:region", args=["NOPE"])).status_code == 404
    assert client.get(reverse("national:service", args=["NOPE"])).status_code == 404


def test_a_services_page_shows_its_returns_counts_by_quarter_with_stars_kept(demo: None) -> None:
    ps = PerinatalService.objects.filter(service__isnull=False).first()
    assert ps is not None
    latest = figures.latest_quarter(timezone.localdate())
    body = Return.objects.get(perinatal_service=ps, quarter=latest, current=True).body

    html = client_for(member("national")).get(reverse("national:service", args=[ps.code])).content.decode()

    rows = {r[0]: r[1:] for r in table_rows(html, "comparison")[1:]}
    for key, words in export.COUNT_WORDS.items():
        shown = body["counts"][key]
        assert rows[words][0] == (shown if shown == "*" else f"{shown:,}"), key
    assert "How its peer support is set up" in text_of(html)


def test_rankings_state_their_uncertainty_and_list_the_unranked_apart(demo: None) -> None:
    response = client_for(member("national")).get(
        reverse("national:rankings") + "?measure=reached_per_1000_births"
    )

    words = text_of(response.content.decode())
    assert response.status_code == 200
    assert "95%" in words and "hidden" in words
    picture = figures.picture(figures.latest_quarter(timezone.localdate()))
    ranked, unranked = figures.ranking(picture.icbs, "reached_per_1000_births")
    rows = table_rows(response.content.decode(), "ranked")[1:]
    assert [row[0] for row in rows] == [r.area.name for r in ranked] and ranked
    for row, r in zip(rows, ranked, strict=True):
        assert row[3] == r.interval.text()
        assert row[4].endswith(f" of {len(ranked)}")
        assert row[4].startswith("Could be anywhere from ") == (r.best != r.worst), row
    if unranked:
        assert "Not ranked" in words and unranked[0].name in words


def test_the_returns_page_lists_each_version(demo: None) -> None:
    latest = figures.latest_quarter(timezone.localdate())
    response = client_for(member("national")).get(reverse("national:returns"))

    rows = table_rows(response.content.decode(), "returns")[1:]
    assert len(rows) == Return.objects.filter(quarter=latest).count() > 0
    assert all(r[1].startswith("1") for r in rows)


def test_the_tile_map_bands_icbs_into_fifths(demo: None) -> None:
    found = tilemap.bands([float(n) for n in range(1, 11)])

    assert [(b.low, b.high) for b in found] == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert tilemap.band_of(4.0, found) == found[1]
    assert tilemap.bands([3.0, 3.0, 5.0]) == [tilemap.Band(1, 3.0, 3.0), tilemap.Band(2, 5.0, 5.0)]
    assert tilemap.short_label("NHS Birmingham and Solihull ICB") == "BS"
    assert tilemap.short_label("NHS Devon ICB") == "Dev"


def test_a_kept_pdf_is_made_again_when_a_return_changes(demo: None) -> None:

    client = client_for(member("national"))
    before = access.fingerprint()
    first = client.get(reverse("national:pdf")).content
    assert client.get(reverse("national:pdf")).content == first  # kept
    latest = Return.objects.filter(current=True).order_by("-quarter", "perinatal_service__code").first()
    assert latest is not None
    body = dict(latest.body, counts=dict(latest.body["counts"], group_sessions=999))
    services = [dict(body, code=latest.perinatal_service.code)]
    doc: dict[str, Any] = {
        "format": "alongside-national-return",
        "schema_version": 1,
        "deployment": "A test",
        "made_at": timezone.now().isoformat(),
        "quarter": quarter_label(latest.quarter),
        "period": {
            "start": latest.quarter.isoformat(),
            "end": figures.quarter_end(latest.quarter).isoformat(),
        },
        "services": services,
        "totals": totals(services),
    }
    assert receive(doc, source="test").ok
    assert access.fingerprint() != before
    again = client.get(reverse("national:pdf"), {"quarter": quarter_label(latest.quarter)})

    def words(pdf: bytes) -> str:
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    assert words(again.content) != words(first)  # England's group sessions grew
