"""What `alongside import_services` and `alongside import_births` share: read the file, import
it, print each note and problem and the summary, and fail (exit status 1) if anything was wrong."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.national.importer import Report

Importer = Callable[..., Report]


class ImportCommand(BaseCommand):
    importer: Importer
    columns: tuple[str, ...]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=f"A UTF-8 CSV file with the columns {', '.join(self.columns)}")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what it would do, saving nothing"
        )

    def handle(self, *args: Any, path: str, dry_run: bool = False, **options: Any) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        report = type(self).importer(data, source=Path(path).name, dry_run=dry_run)
        for note in report.notes:
            self.stdout.write(f"Note, {note}")
        for problem in sorted(report.problems, key=lambda p: p.line):
            self.stderr.write(f"Problem, {problem}")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
