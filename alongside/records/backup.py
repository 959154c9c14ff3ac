"""Backups that never leave a broken file where a good one was (ADR 0026).

Both engines write the new backup to a temporary file beside the target and rename it into place
only once it is complete: os.replace is atomic on one filesystem, so a crash, a full disk or a
killed process part way leaves the previous backup exactly as it was (and no half-written file
under the backup's name).

- SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot while
  the service keeps running; restore copies the backup back the same way.
- PostgreSQL: pg_dump in its custom format (-Fc), restored with pg_restore --clean.
"""

import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists, never a shell
import tempfile
from pathlib import Path
from typing import Any

from django.db import connections


class BackupError(Exception):
    pass


def _vendor(alias: str) -> str:
    return str(connections[alias].vendor)


def _raw_sqlite(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection  # type: ignore[no-any-return]


def _temp_beside(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    return Path(name)


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    settings = connections[alias].settings_dict
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install postgresql-client")
    return found


def _write(alias: str, partial: Path) -> None:
    """Write the whole backup to `partial`. Kept apart so a test can make it fail part way."""
    if _vendor(alias) == "sqlite":
        copy = sqlite3.connect(partial)
        try:
            _raw_sqlite(alias).backup(copy, pages=256)
        finally:
            copy.close()
        return
    if _vendor(alias) == "postgresql":
        args, env = _pg_env(alias)
        name = str(connections[alias].settings_dict["NAME"])
        _run([_tool("pg_dump"), *args, "--format=custom", "--file", str(partial), name], env)
        return
    raise BackupError(f"No backup for {_vendor(alias)} databases")


def _run(command: list[str], env: dict[str, str]) -> None:
    """Run pg_dump or pg_restore; its own words on failure."""
    try:
        subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603
    except subprocess.CalledProcessError as error:
        raise BackupError(error.stderr.decode(errors="replace").strip() or str(error)) from error


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup(target: Path, *, alias: str = "default") -> Path:
    """Write a complete backup to `target`, replacing the previous one only when it is whole."""
    target = Path(target)
    partial = _temp_beside(target)
    try:
        _write(alias, partial)
        _fsync(partial)  # on disk before it takes the backup's name, not only in the page cache
        os.replace(partial, target)
        _fsync(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(
    source: Path, *, alias: str = "default", into: Path | None = None, database: str | None = None
) -> None:
    """Put a backup back: into the live database, or (`into`, SQLite; `database`, PostgreSQL)
    into another one, to check a backup without touching the live one."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}")
    if _vendor(alias) == "sqlite":
        backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _check_sqlite(backup_file, source)
            if into is not None:
                target = sqlite3.connect(into)
                try:
                    backup_file.backup(target)
                finally:
                    target.close()
            else:
                backup_file.backup(_raw_sqlite(alias))
        finally:
            backup_file.close()
        return
    if _vendor(alias) == "postgresql":
        args, env = _pg_env(alias)
        name = database or str(connections[alias].settings_dict["NAME"])
        restore_args = ["--clean", "--if-exists", "--no-owner", "--dbname", name, str(source)]
        _run([_tool("pg_restore"), *args, *restore_args], env)
        return
    raise BackupError(f"No restore for {_vendor(alias)} databases")


def _check_sqlite(db: sqlite3.Connection, source: Path) -> None:
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not an SQLite backup: {error}") from error
    if result != ("ok",):
        raise BackupError(f"{source} failed its integrity check: {result}")


def table_rows(alias: str = "default", *, path: Path | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a fixed order: what a round trip must keep equal."""
    if path is not None:
        # Read as Django reads SQLite (its converters turn declared types into Python values).
        db = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        try:
            return _rows(db.cursor(), [r[0] for r in db.execute(_SQLITE_TABLES)])
        finally:
            db.close()
    with connections[alias].cursor() as cursor:
        tables = connections[alias].introspection.table_names(cursor)
        return _rows(cursor, tables)


_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def _same_json(value: Any) -> Any:
    """JSON as one text, however the driver gave it: Django's PostgreSQL connection reads a jsonb
    column as its text, a plain psycopg connection as Python lists and dicts."""
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


def _rows(cursor: Any, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the database itself
        found[table] = sorted((tuple(_same_json(v) for v in r) for r in cursor.fetchall()), key=repr)
    return found
