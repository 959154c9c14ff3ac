"""`alongside import_records`: its output, its exit codes, and the refused rows' file."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from alongside.imports.tests.helpers import FILES
from alongside.organisations.models import Membership
from alongside.people.models import Person
from alongside.support.models import Contact


def command(*args: str, **options: object) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("import_records", *args, stdout=out, **options)
    except SystemExit as done:
        return int(done.code or 0), out.getvalue()
    return 0, out.getvalue()


def files(*names: str) -> list[str]:
    return [str(FILES / name) for name in names]


ALL = ("staff.csv", "people.csv", "referrals.csv", "allocations.tsv", "contacts.csv")


def test_it_imports_and_prints_the_counts_and_progress(coordinator: Membership) -> None:
    code, out = command(*files(*ALL), service=coordinator.service.name)
    assert code == 0
    assert "people.csv: 4 rows, People and families" in out
    assert "People and families: 4 create, 0 change, 0 unchanged, 0 refused" in out
    assert "11 of 11 rows checked" in out and "11 of 11 rows written" in out
    assert "Imported: 11 rows created or changed" in out
    assert Person.objects.count() == 4 and Contact.objects.count() == 2
    code, out = command(*files(*ALL), service=coordinator.service.name)
    assert code == 0 and "People and families: 0 create, 0 change, 4 unchanged, 0 refused" in out


def test_a_dry_run_writes_nothing(coordinator: Membership) -> None:
    code, out = command(*files("people.csv"), service=coordinator.service.name, dry_run=True)
    assert code == 0 and "Dry run: nothing was written" in out
    assert Person.objects.count() == 0


def test_a_refused_row_exits_1_writes_nothing_and_its_rows_go_to_a_file(
    coordinator: Membership, tmp_path: Path
) -> None:
    refused = tmp_path / "refused.csv"
    code, out = command(
        *files("people_bad.csv", "referrals_unknown_person.csv"),
        service=coordinator.service.name,
        refused_to=str(refused),
    )
    assert code == 1
    assert "people_bad.csv: Row 3: Date of birth '31/02/1990' is not a real date" in out
    assert "3 rows refused: nothing was imported" in out
    assert Person.objects.count() == 0
    rows = list(csv.reader(io.StringIO(refused.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows] == [
        "File",
        "people_bad.csv",
        "people_bad.csv",
        "File",
        "referrals_unknown_person.csv",
    ]
    assert rows[-1][-1] == "Row 3: Person reference P99 is neither in this file nor already imported"


def test_it_says_what_is_wrong_with_the_service_the_mapping_or_a_file(
    coordinator: Membership, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="No service is called 'Nowhere'"):
        command(*files("people.csv"), service="Nowhere")
    with pytest.raises(CommandError, match="no saved mapping called 'Old'"):
        command(*files("people.csv"), service=coordinator.service.name, mapping="Old")
    with pytest.raises(CommandError, match="cannot be read"):
        command(str(tmp_path / "missing.csv"), service=coordinator.service.name)
    headings_only = tmp_path / "people.csv"
    headings_only.write_text("Reference,Given name,Family name\nP1,Amira,Khan\n")
    with pytest.raises(CommandError, match="no column is mapped to Family reference"):
        command(str(headings_only), service=coordinator.service.name)


def test_it_needs_a_coordinator_or_manager_to_record_the_import_as(peer_worker: Membership) -> None:
    with pytest.raises(CommandError, match="no active co-ordinator or service manager"):
        command(*files("people.csv"), service=peer_worker.service.name)


def test_a_change_is_printed_field_by_field(
    coordinator: Membership, manager: Membership, tmp_path: Path
) -> None:
    command(*files("people.csv"), service=coordinator.service.name)
    changed = tmp_path / "people.csv"
    changed.write_bytes((FILES / "people.csv").read_bytes().replace(b"Amira", b"Amina"))
    code, out = command(str(changed), service=coordinator.service.name, as_email="manager@test.example")
    assert code == 0
    assert "people.csv row 4 (P1) changes Given name: Amira -> Amina" in out
    assert "People and families: 0 create, 1 change, 3 unchanged, 0 refused" in out
    assert Person.objects.get(given_name="Amina").service == coordinator.service
    with pytest.raises(CommandError, match="is not an active co-ordinator or service manager"):
        command(str(changed), service=coordinator.service.name, as_email="nobody@test.example")
