"""`alongside export_return [--quarter 2026-Q3] [--service CODE ...] [--format json|csv]
[--output FILE]`: write this deployment's national return for a quarter, for a national
deployment to import (ADR 0041; the schema: docs/national-return.md). It holds aggregates only,
every small count suppressed; nothing is kept here."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.national import returns
from alongside.national.access import services_in_england
from alongside.national.management.commands.make_returns import complete_quarter
from alongside.national.models import PerinatalService, quarter_label

WRITERS = {"json": returns.to_json, "csv": returns.to_csv}


class Command(BaseCommand):
    help = (
        "Write this deployment's national return for the last complete quarter (or the one given), "
        "as JSON or CSV, to a file or to the screen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quarter", help="The quarter, like 2026-Q3 (default: the last complete one)")
        parser.add_argument(
            "--service",
            action="append",
            dest="codes",
            metavar="CODE",
            help="A registered service's code; repeat it for more (default: every one using Alongside here)",
        )
        parser.add_argument("--format", choices=sorted(WRITERS), default="json", help="json (default) or csv")
        parser.add_argument("--output", help="The file to write (default: the screen)")

    def handle(
        self,
        *args: Any,
        quarter: str | None = None,
        codes: list[str] | None = None,
        format: str = "json",
        output: str | None = None,
        **options: Any,
    ) -> None:
        start = complete_quarter(quarter)
        registrations = chosen(codes)
        text = WRITERS[format](returns.make(registrations, start))
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from None
        self.stdout.write(
            f"{Path(output).name}: the return for {quarter_label(start)}, {len(registrations)} "
            f"service{'' if len(registrations) == 1 else 's'} ({', '.join(ps.code for ps in registrations)})."
        )


def chosen(codes: list[str] | None) -> list[PerinatalService]:
    """The services to return: those named, each registered and using Alongside here, or all of them."""
    if codes is None:
        found = returns.registrations_here()
        if not found:
            raise CommandError(
                "No registered service uses Alongside in this deployment, so there is no return to make "
                "(link a service to its registration with import_services, column alongside_service)."
            )
        return found
    wanted = list(dict.fromkeys(code.strip() for code in codes))
    registered = {ps.code: ps for ps in services_in_england().filter(code__in=wanted)}
    problems = [
        f"{code} is not in the national register"
        if code not in registered
        else f"{code} ({registered[code].name}) does not use Alongside in this deployment"
        for code in wanted
        if code not in registered or registered[code].service is None
    ]
    if problems:
        raise CommandError("; ".join(problems))
    return returns.registrations_here(wanted)
