"""`alongside import_return FILE [FILE ...] [--dry-run]`: receive national returns made by other
deployments (ADR 0041; the schema: docs/national-return.md). Each file is kept whole, a new
version for each service whose part changed, or not at all: a file with any problem is refused,
every problem in it printed, and the others are still tried. The exit status is 1 if any file
was refused."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.national import export, returns


class Command(BaseCommand):
    help = (
        "Import national returns (JSON or CSV) from other deployments; a file with any problem is "
        "refused whole, with every problem printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE", help="A return, as JSON or CSV (UTF-8)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check each file and say what it would do, saving nothing"
        )

    def handle(self, *args: Any, paths: list[str], dry_run: bool = False, **options: Any) -> None:
        self.latest: dt.date | None = None
        refused = [path for path in paths if not self.receive(path, dry_run)]
        if self.latest is not None:  # something new was kept: lay out its quarter's PDF now
            export.make_pdf_ahead(self.latest)
        if refused:
            raise CommandError(
                f"{len(refused)} of {len(paths)} file{'' if len(paths) == 1 else 's'} refused "
                f"({', '.join(Path(p).name for p in refused)}): correct them and import them again"
            )

    def receive(self, path: str, dry_run: bool) -> bool:
        """Receive one file; print what it did, or every problem with it. Whether it was good."""
        name = Path(path).name
        try:
            doc = returns.parse(Path(path).read_bytes())
        except OSError as error:
            self.stderr.write(f"{name}: refused, cannot read {path}: {error.strerror}")
            return False
        except returns.Unreadable as error:
            self.stderr.write(f"{name}: refused, not a return this deployment can read: {error}")
            return False
        received = returns.receive(doc, source=name, dry_run=dry_run)
        for problem in received.problems:
            self.stderr.write(f"Problem, {name}: {problem}")
        if received.ok:
            self.stdout.write(received.summary())
            if received.new and not dry_run:
                quarter = returns.parse_quarter(received.quarter)
                self.latest = max(quarter, self.latest or quarter)
        else:
            self.stderr.write(received.summary())
        return received.ok
