"""`alongside backup FILE`: a complete backup of the database, replacing FILE only when whole.

SQLite uses its online backup API (the service keeps running); PostgreSQL uses pg_dump's custom
format. Either way the backup is written beside FILE and renamed into place (ADR 0026).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.records.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (written to a temporary file, then renamed into place)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, file: Path, database: str, **options: Any) -> None:
        try:
            written = backup(file, alias=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed, previous backup left as it was: {error}") from error
        self.stdout.write(f"Backed up to {written} ({written.stat().st_size} bytes).")
