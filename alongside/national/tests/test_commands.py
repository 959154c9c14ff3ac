"""`alongside import_services` and `alongside import_births`: what they print and their exit status."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from alongside.demo.national import BIRTHS, SERVICES
from alongside.national.models import ICBPopulation, PerinatalService
from alongside.organisations.models import ICB, Region

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_services_prints_a_summary_and_saves() -> None:
    out, err = run("import_services", str(SERVICES))

    assert "england_services.csv: 66 rows, all good and saved." in out
    assert "Regions: 7 new, 0 updated, 0 unchanged; ICBs: 42 new" in out
    assert err == ""
    assert PerinatalService.objects.count() == 66

    out, _ = run("import_births", str(BIRTHS))
    assert "england_births.csv: 84 rows, all good and saved. ICB years: 84 new" in out
    assert ICBPopulation.objects.count() == 84


def test_dry_run_saves_nothing() -> None:
    out, _ = run("import_services", str(SERVICES), "--dry-run")

    assert "Dry run, nothing saved. It would give regions: 7 new" in out
    assert not Region.objects.exists() and not ICB.objects.exists()


def test_a_bad_file_fails_with_each_problem_and_exit_status_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "region_code,region_name,icb_code,icb_name,service_code,service_name,kind,trust,peer_support\n"
        "Y60,Midlands,QHL,NHS Birmingham and Solihull ICB,RXT01,Team,hospital,T,none\n"
    )
    err = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("import_services", str(bad), stdout=io.StringIO(), stderr=err)

    assert failed.value.returncode == 1
    assert str(failed.value) == (
        "bad.csv: 1 row, 1 with problems (1 in all). Nothing was saved: correct the file and import it again."
    )
    assert "Problem, line 2: unknown kind 'hospital'" in err.getvalue()
    assert not PerinatalService.objects.exists()


def test_births_before_services_fail() -> None:
    with pytest.raises(CommandError) as failed:
        run("import_births", str(BIRTHS))

    assert failed.value.returncode == 1
    assert "84 rows, 84 with problems" in str(failed.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*nowhere\.csv: No such file or directory"):
        run("import_services", str(tmp_path / "nowhere.csv"))
