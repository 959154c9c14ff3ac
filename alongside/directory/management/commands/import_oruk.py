"""`alongside import_oruk PATH` (or `-` for standard input): import an Open Referral UK feed."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.directory.importer import FeedError, import_oruk
from alongside.lib import jsonguard


class Command(BaseCommand):
    help = (
        "Import an Open Referral UK JSON feed (a page of /services, or a list of services); print the report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A JSON file, or - to read standard input")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
            data = jsonguard.loads(text)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except jsonguard.Refused as error:
            reason = "is not JSON" if error.code == "not_json" else "cannot be read"
            raise CommandError(f"{path} {reason}: {error.message}") from None
        except ValueError as error:  # not UTF-8
            raise CommandError(f"{path} is not JSON: {error}") from None
        try:
            report = import_oruk(data, source="standard input" if path == "-" else Path(path).name)
        except FeedError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
