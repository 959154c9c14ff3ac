"""`alongside make_returns`, `export_return` and `import_return`: what they print, what they keep
and their exit status (1 when anything was refused)."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from alongside.national import export, figures, returns
from alongside.national.models import PerinatalService, Return, quarter_label
from alongside.organisations.models import ICB, Membership, Region, Service

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    assert failed.value.returncode == 1
    return failed.value, err.getvalue()


def last_quarter() -> str:
    return quarter_label(returns.last_complete_quarter(timezone.localdate()))


@pytest.fixture
def registered(service: Service, peer_worker: Membership) -> PerinatalService:
    """The service, using Alongside here and registered nationally; one more registered, not using it."""
    assert service.icb is not None
    PerinatalService.objects.create(
        code="ZS002", name="Elsewhere Team", kind="community", icb=service.icb, trust_name="A Trust"
    )
    return PerinatalService.objects.create(
        code="ZS001",
        name=service.name,
        kind="community",
        icb=service.icb,
        trust_name="A Trust",
        service=service,
    )


# make_returns ------------------------------------------------------------------------------------


def test_make_returns_keeps_the_last_complete_quarters_return(registered: PerinatalService) -> None:
    out, err = run("make_returns")

    assert (
        out == f"Made in this deployment, {last_quarter()}: kept 1 new version(s) (ZS001 v1); 0 unchanged\n"
    )
    assert err == ""
    kept = Return.objects.get()
    assert kept.perinatal_service == registered and quarter_label(kept.quarter) == last_quarter()

    out, _ = run("make_returns")
    assert out.endswith("kept 0 new version(s); 1 unchanged\n")
    assert Return.objects.count() == 1


def test_new_returns_lay_out_the_latest_quarters_pdf_ahead_so_no_one_waits(
    registered: PerinatalService, monkeypatch: pytest.MonkeyPatch
) -> None:
    laid_out: list[str] = []
    real = export.pdf

    def counted(document: export.Document) -> bytes:
        laid_out.append(document.quarter)
        return real(document)

    monkeypatch.setattr(export, "pdf", counted)
    run("make_returns")
    assert laid_out == [last_quarter()]
    # The national reviewer's first look, with the page's default figure, lays out nothing more.
    measure = figures.COVERAGE[0][0]
    latest = returns.last_complete_quarter(timezone.localdate())
    export.kept_pdf(export.overview(figures.picture(latest), measure), measure)
    assert laid_out == [last_quarter()]
    run("make_returns")  # nothing new: nothing laid out
    assert laid_out == [last_quarter()]


def test_make_returns_for_a_quarter_and_the_ones_before(registered: PerinatalService) -> None:
    out, _ = run("make_returns", "--quarter", "2025-Q4", "--quarters", "3")

    assert out.splitlines() == [
        f"Made in this deployment, {q}: kept 1 new version(s) (ZS001 v1); 0 unchanged"
        for q in ("2025-Q4", "2025-Q3", "2025-Q2")
    ]
    assert Return.objects.filter(current=True).count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--quarter", "2025-Q9"), '"2025-Q9" is not a quarter: write it like 2026-Q3'),
        (("--quarter", "2999-Q1"), "2999-Q1 is not over yet: a return is for a complete quarter"),
        (("--quarters", "0"), "--quarters must be 1 or more"),
    ],
)
def test_make_returns_refuses_a_bad_quarter(
    registered: PerinatalService, args: tuple[str, ...], message: str
) -> None:
    error, _ = refused("make_returns", *args)
    assert str(error).startswith(message)
    assert not Return.objects.exists()


def test_make_returns_with_no_service_here_says_so(db: object) -> None:
    out, _ = run("make_returns")
    assert out.startswith("No registered service uses Alongside in this deployment")
    assert not Return.objects.exists()


# export_return -------------------------------------------------------------------------------------


def test_export_return_writes_json_to_a_file(registered: PerinatalService, tmp_path: Path) -> None:
    path = tmp_path / "return.json"

    out, _ = run("export_return", "--quarter", "2026-Q1", "--output", str(path))

    assert out == "return.json: the return for 2026-Q1, 1 service (ZS001).\n"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["quarter"] == "2026-Q1" and [b["code"] for b in doc["services"]] == ["ZS001"]
    assert returns.check(doc)[1] == []
    assert not Return.objects.exists()  # exporting keeps nothing here


def test_export_return_writes_csv_to_the_screen(registered: PerinatalService) -> None:
    out, _ = run("export_return", "--format", "csv", "--service", "ZS001")

    assert out.startswith("section,service_code,key,value\nreturn,,format,alongside-national-return\n")
    doc = returns.parse(out.encode())
    assert doc["quarter"] == last_quarter() and returns.check(doc)[1] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--service", "ZZ999"), "ZZ999 is not in the national register"),
        (("--service", "ZS002"), "ZS002 (Elsewhere Team) does not use Alongside in this deployment"),
        (("--service", "ZS001", "--service", "ZZ999"), "ZZ999 is not in the national register"),
        (("--quarter", "Q3"), '"Q3" is not a quarter: write it like 2026-Q3'),
    ],
)
def test_export_return_refuses_a_service_or_quarter_it_cannot_return(
    registered: PerinatalService, args: tuple[str, ...], message: str
) -> None:
    error, _ = refused("export_return", *args)
    assert str(error) == message


def test_export_return_with_no_service_here_is_an_error(db: object) -> None:
    error, _ = refused("export_return")
    assert str(error).startswith("No registered service uses Alongside in this deployment")


# import_return ---------------------------------------------------------------------------------------


@pytest.fixture
def elsewhere(db: object) -> list[PerinatalService]:
    """The national deployment's register: two services run by other deployments."""
    icb = ICB.objects.create(
        name="NHS Northshire ICB", code="QN1", region=Region.objects.create(name="North")
    )
    return [
        PerinatalService.objects.create(code=code, name=code, kind="community", icb=icb, trust_name="T")
        for code in ("ZS001", "ZS002")
    ]


def a_return(code: str, referred: object = 12) -> dict[str, object]:
    counts = dict.fromkeys(returns.COUNTS, 0) | {"referred": referred, "reached": "*"}
    blocks: list[dict[str, Any]] = [
        {"code": code, "name": code, "icb_code": "QN1", "kind": "community", "counts": counts}
        | {"setup": None, "grid": None, "recommendations": None}
    ]
    return {
        "format": returns.FORMAT,
        "schema_version": 1,
        "deployment": "Northshire Alongside",
        "made_at": "2026-07-01T06:00:00+00:00",
        "quarter": "2026-Q2",
        "period": {"start": "2026-04-01", "end": "2026-06-30"},
        "services": blocks,
        "totals": returns.totals(blocks),
    }


def test_import_return_keeps_good_files_and_refuses_a_bad_one(
    elsewhere: list[PerinatalService], tmp_path: Path
) -> None:
    good = tmp_path / "good.json"
    good.write_text(returns.to_json(a_return("ZS001")))
    also_good = tmp_path / "also-good.csv"
    also_good.write_text(returns.to_csv(a_return("ZS002")))
    bad = tmp_path / "bad.json"
    bad.write_text(returns.to_json(a_return("ZS002", referred=4) | {"deployment": ""}))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("import_return", str(good), str(bad), str(also_good), stdout=out, stderr=err)

    assert failed.value.returncode == 1
    assert str(failed.value) == "1 of 3 files refused (bad.json): correct them and import them again"
    assert out.getvalue() == (
        "good.json, 2026-Q2: kept 1 new version(s) (ZS001 v1); 0 unchanged\n"
        "also-good.csv, 2026-Q2: kept 1 new version(s) (ZS002 v1); 0 unchanged\n"
    )
    assert err.getvalue().splitlines() == [
        "Problem, bad.json: deployment is missing: name the deployment that made the return",
        "Problem, bad.json: service 1 (ZS002): counts.referred is 4, a count from 1 to 7: "
        "a return must show it as *",
        "bad.json: refused, 2 problem(s); nothing was saved",
    ]
    assert sorted(Return.objects.values_list("source", flat=True)) == ["also-good.csv", "good.json"]


def test_import_return_dry_run_saves_nothing(elsewhere: list[PerinatalService], tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(returns.to_json(a_return("ZS001")))

    out, _ = run("import_return", str(good), "--dry-run")

    assert out == "good.json, 2026-Q2: would keep 1 new version(s) (ZS001 v1); 0 unchanged\n"
    assert not Return.objects.exists()


def test_import_return_says_why_a_file_cannot_be_read(
    elsewhere: list[PerinatalService], tmp_path: Path
) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("section,service_code,key,value\nservice,ZS001,name,Caf\xe9\n".encode("latin-1"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("name,count\nTeam,12\n")
    missing = tmp_path / "missing.json"

    error, err = refused("import_return", str(latin), str(broken), str(sheet), str(missing))

    assert str(error).startswith("4 of 4 files refused (latin.csv, broken.json, sheet.csv, missing.json)")
    assert err.splitlines() == [
        "latin.csv: refused, not a return this deployment can read: The file is not UTF-8 text",
        "broken.json: refused, not a return this deployment can read: "
        "The JSON cannot be read: Expecting value (line 1)",
        "sheet.csv: refused, not a return this deployment can read: "
        "A CSV return's first row must be the columns section, service_code, key, value",
        f"missing.json: refused, cannot read {missing}: No such file or directory",
    ]
    assert not Return.objects.exists()
