"""`alongside restore FILE`: put a backup made by `alongside backup` back into the database.

This replaces what the database holds now: it asks first unless --yes is given. Stop the web
and cron processes before restoring into the live database (ADR 0026).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.records.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup FILE made by `alongside backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the data")

    def handle(self, *args: Any, file: Path, database: str, yes: bool, **options: Any) -> None:
        if not yes:
            answer = input(f"Replace everything in the '{database}' database with {file}? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            restore(file, alias=database)
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(f"Restored from {file}.")
