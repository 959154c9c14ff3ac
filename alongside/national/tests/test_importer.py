"""Loading the national register from CSV: every bad row reported with its line and reason, the
file saved whole or not at all, and the same file imported again changing nothing (ADR 0040)."""

from typing import Any

import pytest

from alongside.national.importer import Report, import_births, import_services
from alongside.national.models import ICBPopulation, PerinatalService
from alongside.organisations.models import ICB, Region, Service

pytestmark = pytest.mark.django_db

HEADER = "region_code,region_name,icb_code,icb_name,service_code,service_name,kind,trust,peer_support"
GOOD = [
    "Y60,Midlands,QHL,NHS Birmingham and Solihull ICB,RXT01,Birmingham Team,community,BSMHFT,established",
    "Y60,Midlands,QHL,NHS Birmingham and Solihull ICB,RXT02,Birmingham MBU,Mother and baby unit,BSMHFT,none",
    "Y60,Midlands,QUA,NHS Black Country ICB,RXA01,Black Country Team,community,BCHFT,Informal volunteers",
    "Y62,North West,QE1,NHS Lancashire and South Cumbria ICB,RW501,Lancashire Team,cpmht,LSCFT,",
]


def csv(*lines: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *lines, ""]).encode()


def snapshot() -> list[Any]:
    """Everything the importer may write, as values (updated_on included)."""
    return [
        list(Region.objects.order_by("pk").values()),
        list(ICB.objects.order_by("pk").values()),
        list(PerinatalService.objects.order_by("pk").values()),
        list(ICBPopulation.objects.order_by("pk").values()),
    ]


def problems(report: Report) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in report.problems]


def test_a_good_file_creates_regions_icbs_and_services() -> None:
    report = import_services(csv(*GOOD), source="england.csv")

    assert report.ok, report.lines()
    assert report.saved
    assert report.rows == 4
    assert report.created == {"regions": 2, "ICBs": 3, "services": 4}
    assert "england.csv: 4 rows, all good and saved" in report.summary()
    team = PerinatalService.objects.get(code="RXT01")
    assert (team.name, team.kind, team.trust_name, team.peer_support) == (
        "Birmingham Team",
        PerinatalService.Kind.COMMUNITY,
        "BSMHFT",
        PerinatalService.PeerSupport.ESTABLISHED,
    )
    assert team.icb.code == "QHL" and team.icb.region.code == "Y60"
    # Kinds and peer support by value, label or alias; a blank peer support is "not known".
    assert PerinatalService.objects.get(code="RXT02").kind == PerinatalService.Kind.MBU
    assert PerinatalService.objects.get(code="RXT02").peer_support == PerinatalService.PeerSupport.NONE
    assert PerinatalService.objects.get(code="RXA01").peer_support == PerinatalService.PeerSupport.INFORMAL
    assert PerinatalService.objects.get(code="RW501").kind == PerinatalService.Kind.COMMUNITY
    assert PerinatalService.objects.get(code="RW501").peer_support == PerinatalService.PeerSupport.NOT_KNOWN
    assert not team.uses_alongside


def test_importing_the_same_file_again_changes_nothing() -> None:
    assert import_services(csv(*GOOD), source="england.csv").ok
    before = snapshot()

    again = import_services(csv(*GOOD), source="england.csv")

    assert again.ok
    assert not again.created and not again.updated
    assert again.unchanged == {"regions": 2, "ICBs": 3, "services": 4}
    assert snapshot() == before


def test_a_changed_row_updates_by_code() -> None:
    import_services(csv(*GOOD), source="england.csv")
    renamed = [GOOD[0].replace("Birmingham Team", "Birmingham Perinatal Team"), *GOOD[1:]]

    report = import_services(csv(*renamed), source="england.csv")

    assert report.ok
    assert report.updated == {"services": 1}
    assert PerinatalService.objects.get(code="RXT01").name == "Birmingham Perinatal Team"
    assert PerinatalService.objects.count() == 4


def test_a_region_and_icb_already_here_without_a_code_are_matched_by_name(service: Service) -> None:
    """The demo and the conftest make ICBs by name; the register gives them their codes."""
    link = "alongside_service"
    row = f"{GOOD[0]},{service.name}"

    report = import_services(csv(row, header=f"{HEADER},{link}"), source="england.csv")

    assert report.ok, report.lines()
    assert report.updated == {"regions": 1, "ICBs": 1}
    assert ICB.objects.count() == 1 and Region.objects.count() == 1
    service.icb.refresh_from_db()
    assert service.icb.code == "QHL"
    assert PerinatalService.objects.get(code="RXT01").service == service


def test_a_messy_file_with_a_bom_blank_lines_comments_and_crlf_still_imports() -> None:
    text = "\r\n".join(["# A comment before the header", HEADER, "", GOOD[0], "   ", "# note", GOOD[1], ""])
    report = import_services(b"\xef\xbb\xbf" + text.encode(), source="excel.csv")

    assert report.ok, report.lines()
    assert report.created["services"] == 2
    notes = [str(n) for n in report.notes]
    assert "line 1: a byte-order mark (as Excel writes) was found and ignored" in notes
    assert "line 3: blank line, skipped" in notes
    assert "line 5: blank line, skipped" in notes


def test_each_bad_row_is_reported_with_its_line_and_nothing_is_saved() -> None:
    rows = [
        GOOD[0],  # line 2: good
        "Y60,Midlands,QHL,NHS Birmingham and Solihull ICB,RXT03,A Ward,ward,BSMHFT,none",  # 3
        "Y60,Midlands,QHL,NHS Birmingham and Solihull ICB,,No Code,mbu,BSMHFT,none",  # 4
        "Y62,North West,QHL,NHS Birmingham and Solihull ICB,RXT04,Elsewhere,mbu,BSMHFT,none",  # 5
        "Y60,Midlands,QHL,NHS Birmingham and Solihull ICB,RXT01,Another Name,community,BSMHFT,none",  # 6
        "Y60,The Midlands,QUA,NHS Black Country ICB,RXA01,Black Country Team,community,BCHFT,none",  # 7
        "Y60,Midlands,QUA,NHS Black Country ICB,RXA02,Team,community,BCHFT,plenty",  # 8
        "Y60,Midlands,QUA,NHS Black Country ICB,RXA03,Team,community",  # 9
        "Y60,Midlands,QUA,NHS Black Country ICB,R!,Team,community,BCHFT,none",  # 10
    ]

    report = import_services(csv(*rows), source="bad.csv")

    found = problems(report)
    assert (3, "unknown kind 'ward': use one of mbu (mother and baby unit), community "
               "(community perinatal mental health team)") in found  # fmt: skip
    assert (4, "the service code is missing") in found
    assert (
        5,
        "ICB QHL (NHS Birmingham and Solihull ICB) is named in two regions: Y60 on line 2, Y62 here",
    ) in found
    assert (6, "service code RXT01 is named 'Birmingham Team' on line 2 but 'Another Name' here") in found
    assert (7, "region Y60 is named 'Midlands' on line 2 but 'The Midlands' here") in found
    assert any(line == 8 and reason.startswith("unknown peer support 'plenty'") for line, reason in found)
    assert (9, "has 7 values where the header has 9 columns") in found
    assert any(line == 10 and "not an ODS-style code" in reason for line, reason in found)
    assert {line for line, _ in found} == set(range(3, 11))  # the good row is not blamed
    assert not report.saved
    assert "9 rows, 8 with problems" in report.summary()
    assert "Nothing was saved" in report.summary()
    assert snapshot() == [[], [], [], []]


def test_one_bad_row_among_good_ones_saves_nothing() -> None:
    report = import_services(
        csv(*GOOD, "Y60,Midlands,QUA,NHS Black Country ICB,,X,mbu,T,none"), source="f.csv"
    )

    assert problems(report) == [(6, "the service code is missing")]
    assert snapshot() == [[], [], [], []]


def test_an_exact_repeat_of_a_row_is_skipped_with_a_note() -> None:
    report = import_services(csv(GOOD[0], GOOD[0]), source="f.csv")

    assert report.ok
    assert [str(n) for n in report.notes] == ["line 3: repeats service RXT01 exactly; skipped"]
    assert PerinatalService.objects.count() == 1


def test_a_file_that_is_not_utf8_is_refused_with_the_line() -> None:
    data = csv(GOOD[0]) + "Y60,Midlands,QHL,NHS Birmingham and Solihull ICB,RXT05,Café,mbu,T,none\n".encode(
        "latin-1"
    )

    report = import_services(data, source="latin.csv")

    assert len(report.problems) == 1
    assert report.problems[0].line == 3
    assert "not UTF-8" in report.problems[0].reason
    assert snapshot() == [[], [], [], []]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (HEADER.replace(",kind", ""), "the header has no column kind"),
        (f"{HEADER},colour", "the header has unknown column 'colour'"),
        (f"{HEADER},trust", "the header names column trust more than once"),
    ],
)
def test_a_bad_header_is_reported_and_nothing_read(header: str, reason: str) -> None:
    report = import_services(csv(GOOD[0], header=header), source="f.csv")

    assert report.problems[0].line == 1
    assert report.problems[0].reason.startswith(reason)
    assert snapshot() == [[], [], [], []]


def test_an_empty_file_is_refused() -> None:
    report = import_services(b"", source="empty.csv")

    assert problems(report)[0][1].startswith("the file is empty")


def test_a_name_already_here_under_another_code_is_refused() -> None:
    import_services(csv(*GOOD), source="first.csv")

    report = import_services(
        csv("Y60,Midlands,QXX,NHS Black Country ICB,RXA09,Team,community,T,none"), source="second.csv"
    )

    assert problems(report) == [(2, "the ICB 'NHS Black Country ICB' is already here with code QUA, not QXX")]
    assert not PerinatalService.objects.filter(code="RXA09").exists()


def test_a_link_to_a_service_in_another_icb_is_refused(service: Service, other_service: Service) -> None:
    header = f"{HEADER},alongside_service"

    report = import_services(csv(f"{GOOD[0]},{other_service.name}", header=header), source="f.csv")

    assert problems(report) == [
        (
            2,
            f"alongside_service: '{other_service.name}' is in {other_service.icb}, "
            "not NHS Birmingham and Solihull ICB",
        )
    ]
    assert not PerinatalService.objects.exists()


def test_a_link_to_a_service_not_here_is_noted_and_the_rest_saved() -> None:
    header = f"{HEADER},alongside_service"

    report = import_services(csv(f"{GOOD[0]},Somewhere Else", header=header), source="f.csv")

    assert report.ok
    assert [str(n) for n in report.notes] == [
        "line 2: alongside_service 'Somewhere Else' is not a service here, so RXT01 is not linked"
    ]
    assert PerinatalService.objects.get(code="RXT01").service is None


def test_a_dry_run_says_what_it_would_do_and_saves_nothing() -> None:
    report = import_services(csv(*GOOD), source="england.csv", dry_run=True)

    assert report.ok and not report.saved
    assert report.created == {"regions": 2, "ICBs": 3, "services": 4}
    assert "Dry run, nothing saved" in report.summary()
    assert snapshot() == [[], [], [], []]


BIRTHS = "icb_code,year,births,perinatal_referrals,source"


def births(*lines: str) -> bytes:
    return csv(*lines, header=BIRTHS)


def test_births_and_referrals_are_loaded_by_icb_code_and_year() -> None:
    import_services(csv(*GOOD), source="england.csv")
    data = births(
        'QHL,2025,"12,400",1100,ONS 2025', "qua,2025,9800,,ONS 2025", "QHL,2024,12100,1050,ONS 2024"
    )

    report = import_births(data, source="births.csv")

    assert report.ok, report.lines()
    assert report.created == {"ICB years": 3}
    bsol = ICBPopulation.objects.get(icb__code="QHL", year=2025)
    assert (bsol.births, bsol.perinatal_referrals, bsol.source) == (12400, 1100, "ONS 2025")
    assert ICBPopulation.objects.get(icb__code="QUA").perinatal_referrals is None

    before = snapshot()
    again = import_births(data, source="births.csv")
    assert again.unchanged == {"ICB years": 3} and not again.created and not again.updated
    assert snapshot() == before


def test_a_blank_figure_leaves_what_is_recorded() -> None:
    import_services(csv(*GOOD), source="england.csv")
    import_births(births("QHL,2025,12400,1100,ONS"), source="births.csv")

    report = import_births(births("QHL,2025,,1200,ONS"), source="births.csv")

    assert report.updated == {"ICB years": 1}
    row = ICBPopulation.objects.get()
    assert (row.births, row.perinatal_referrals) == (12400, 1200)


def test_each_bad_births_row_is_reported_and_nothing_saved() -> None:
    import_services(csv(*GOOD), source="england.csv")
    rows = [
        "QHL,2025,12400,1100,ONS",  # 2: good
        "QZZ,2025,100,10,ONS",  # 3
        "QHL,25,100,10,ONS",  # 4
        "QUA,2025,-5,10,ONS",  # 5
        "QUA,2024,100,10,",  # 6
        "QHL,2025,12000,1000,ONS",  # 7
        "QE1,2025,,,ONS",  # 8
        ",2025,1,1,ONS",  # 9
    ]

    report = import_births(births(*rows), source="births.csv")

    assert sorted(problems(report)) == [
        (3, "no ICB has code QZZ here: import the services file first"),
        (4, "the year '25' is not a year from 1990 to 2100"),
        (5, "births '-5' is not a whole number of 0 or more"),
        (6, "the source is missing: say where the figures come from"),
        (7, "ICB QHL in 2025 is given on line 2 too"),
        (8, "gives neither births nor perinatal_referrals"),
        (9, "the ICB code is missing"),
    ]
    assert not ICBPopulation.objects.exists()
