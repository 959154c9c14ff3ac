"""`alongside import_oruk FILE …` or `alongside import_oruk --url ADDRESS`: import Open Referral records.

Files (or `-` for standard input) may hold any kind of record; they are imported organisations
first, then services, then services at a location, whatever order they are named in. `--url`
reads a live list endpoint (such as https://example.org/oruk/services) page by page. Each file
or page prints its report, and a last line sums them up. The exit status is 1 when any record
was not imported or any file or page could not be read, and 0 otherwise (warnings included).
"""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.directory import oruk_fetch
from alongside.directory.importer import FeedError, ImportReport, Kind, import_documents, import_oruk, plural
from alongside.lib import jsonguard


class Command(BaseCommand):
    help = (
        "Import Open Referral UK / HSDS 3.0 JSON: files of services, organisations, services at a "
        "location, taxonomies or taxonomy terms, or a live feed with --url. Prints a report; exits 1 "
        "when anything was not imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", metavar="FILE", help="JSON files, or - to read standard input"
        )
        parser.add_argument("--url", help="A list endpoint of a live feed, read page by page")
        parser.add_argument(
            "--kind",
            choices=[k.value for k in Kind],
            help="What the records are, when their fields do not say (rarely needed)",
        )
        parser.add_argument(
            "--per-page", type=int, default=100, help="Records to ask for on each page (--url)"
        )

    def handle(self, *args: Any, paths: list[str], url: str | None, kind: str | None, **options: Any) -> None:
        if bool(paths) == bool(url):
            raise CommandError("Give one or more files, or --url, but not both")
        chosen = Kind(kind) if kind else None
        if url:
            reports, unread = self._pull(url, chosen, options["per_page"])
        else:
            reports, unread = self._files(paths, chosen)
        self._sum_up(reports, unread, "page" if url else "file")

    def _files(self, paths: list[str], kind: Kind | None) -> tuple[list[ImportReport], list[str]]:
        documents, unread = [], []
        for path in paths:
            try:
                documents.append(("standard input" if path == "-" else Path(path).name, _read(path)))
            except CommandError as error:
                unread.append(str(error))
        reports, refused = import_documents(documents, kind=kind)
        for report in reports:
            self._print(report)
        return reports, unread + refused

    def _pull(self, url: str, kind: Kind | None, per_page: int) -> tuple[list[ImportReport], list[str]]:
        reports: list[ImportReport] = []
        try:
            for number, page_url, data in oruk_fetch.pages(url, per_page=per_page):
                report = import_oruk(data, source=f"page {number} of {page_url}", kind=kind)
                self._print(report)
                reports.append(report)
        except (oruk_fetch.FetchError, FeedError) as error:
            return reports, [str(error)]
        return reports, []

    def _print(self, report: ImportReport) -> None:
        for line in report.lines():
            self.stdout.write(line)

    def _sum_up(self, reports: list[ImportReport], unread: list[str], what: str) -> None:
        for problem in unread:
            self.stderr.write(problem)
        created = sum(len(r.created) for r in reports)
        updated = sum(len(r.updated) for r in reports)
        refused = sum(len(r.errors) for r in reports)
        warnings = sum(len(r.warnings) for r in reports)
        self.stdout.write(
            f"In all: {len(reports)} {what}{'s' if len(reports) != 1 else ''} read, {len(unread)} not; "
            f"{created} new, {updated} updated, {refused} not imported, {plural(warnings, 'warning')}"
        )
        if refused or unread:
            raise CommandError(
                f"{refused} record{'s' if refused != 1 else ''} not imported and {len(unread)} "
                f"{what}{'s' if len(unread) != 1 else ''} not read: see above",
                returncode=1,
            )


def _read(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        return jsonguard.loads(text)
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None
    except jsonguard.Refused as error:
        reason = "is not JSON" if error.code == "not_json" else "cannot be read"
        raise CommandError(f"{path} {reason}: {error.message}") from None
    except ValueError as error:  # not UTF-8
        raise CommandError(f"{path} is not JSON: {error}") from None
