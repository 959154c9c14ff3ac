"""Backups round-trip every table equal, and a crash part way leaves the previous backup whole.

Runs on whichever database the tests run on: SQLite (the online backup API) or PostgreSQL
(pg_dump and pg_restore, from postgresql-client). Data must be committed for pg_dump to see it,
hence transaction=True; serialized_rollback puts the reference data (loaded by migrations)
back after each test empties the tables, for the tests that run after these.
"""

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from alongside.people.models import Person
from alongside.records import backup as backups
from alongside.records.tests.her_records import describe
from conftest import refer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def some_records(clinician: Any) -> list[Any]:
    people = [refer(clinician, given_name=name) for name in ("Amira", "Beth", "Chloé")]
    describe(people[0].person)
    return people


def _restored_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the backup at `path`, restored into a fresh database of its own."""
    if connection.vendor == "sqlite":
        fresh = path.with_name("restored.sqlite3")
        backups.restore(path, into=fresh)
        return backups.table_rows(path=fresh)
    import psycopg

    settings = connection.settings_dict
    params = {
        k: v
        for k, v in {
            "host": settings["HOST"],
            "port": settings["PORT"],
            "user": settings["USER"],
            "password": settings["PASSWORD"],
        }.items()
        if v
    }
    name = f"restore_check_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname=settings["NAME"], autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        backups.restore(path, database=name)
        with psycopg.connect(dbname=name, **params) as restored, restored.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return backups._rows(cursor, [r[0] for r in cursor.fetchall()])
    finally:
        with psycopg.connect(dbname=settings["NAME"], autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_backup_restores_every_table_equal(some_records: list[Any], tmp_path: Path) -> None:
    target = tmp_path / "alongside.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    live = backups.table_rows()
    restored = _restored_rows(target)
    assert sorted(restored) == sorted(live)
    unequal = [table for table in live if restored[table] != live[table]]
    assert unequal == []
    assert len(live["people_person"]) == 3


def test_restore_puts_the_live_database_back(some_records: list[Any], tmp_path: Path) -> None:
    target = tmp_path / "alongside.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    before = backups.table_rows()
    Person.objects.filter(given_name="Beth").update(given_name="Changed after the backup")
    call_command("restore", str(target), "--yes", stdout=io.StringIO())
    connection.close()  # a fresh connection reads the restored database
    assert backups.table_rows() == before
    assert Person.objects.filter(given_name="Beth").exists()


def test_a_crash_part_way_leaves_the_previous_backup_intact(
    some_records: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "alongside.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    previous = target.read_bytes()
    Person.objects.filter(given_name="Beth").update(given_name="Changed since")
    real_write = backups._write

    def crash_after_a_partial_write(alias: str, partial: Path) -> None:
        real_write(alias, partial)
        with partial.open("r+b") as half:
            half.truncate(partial.stat().st_size // 2)
        raise OSError("No space left on device")

    monkeypatch.setattr(backups, "_write", crash_after_a_partial_write)
    with pytest.raises(CommandError, match="previous backup left as it was: No space left on device"):
        call_command("backup", str(target), stdout=io.StringIO())
    assert target.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["alongside.backup"]  # no partial file left
    assert len(_restored_rows(target)["people_person"]) == 3


def test_restoring_something_that_is_not_a_backup_is_refused_and_changes_nothing(
    some_records: list[Any], tmp_path: Path
) -> None:
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a backup")
    before = backups.table_rows()
    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore", str(not_a_backup), "--yes", stdout=io.StringIO())
    with pytest.raises(CommandError, match="There is no backup at"):
        call_command("restore", str(tmp_path / "missing"), "--yes", stdout=io.StringIO())
    assert backups.table_rows() == before
