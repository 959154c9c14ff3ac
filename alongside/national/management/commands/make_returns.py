"""`alongside make_returns [--quarter 2026-Q3] [--quarters N]`: make this deployment's national
returns and keep them here, without a file (ADR 0041, docs/national-return.md). The national
pages inside this deployment read them. Schedule it daily, beside `alongside standings`: a
return that has not changed since yesterday is kept as it is, one that has is a new version."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from alongside.national import export, returns
from alongside.national.models import quarter_label


class Command(BaseCommand):
    help = (
        "Make and keep this deployment's national returns for the last complete quarter (or the one "
        "given) and, with --quarters, the quarters before it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quarter", help="The latest quarter to make, like 2026-Q3 (default: the last complete one)"
        )
        parser.add_argument(
            "--quarters", type=int, default=1, help="How many quarters, counting back from it (default: 1)"
        )

    def handle(self, *args: Any, quarter: str | None = None, quarters: int = 1, **options: Any) -> None:
        latest = complete_quarter(quarter)
        if quarters < 1:
            raise CommandError("--quarters must be 1 or more")
        wanted = returns.quarters_back(latest, quarters)
        made = returns.make_here(wanted)
        if not made:
            self.stdout.write(
                "No registered service uses Alongside in this deployment, so there is no return to make "
                "(link a service to its registration with import_services, column alongside_service)."
            )
            return
        for start, received in zip(wanted, made, strict=True):
            for problem in received.problems:
                self.stderr.write(f"Problem, {quarter_label(start)}: {problem}")
            self.stdout.write(received.summary())
        if any(r.ok and r.new for r in made):  # lay out the latest quarter's PDF now, not on first look
            export.make_pdf_ahead(latest)
        refused = sum(1 for r in made if not r.ok)
        if refused:
            raise CommandError(f"{refused} of {len(made)} returns were refused, and nothing of them was kept")


def complete_quarter(text: str | None) -> dt.date:
    """The quarter asked for, or the last complete one. A quarter not yet over is refused: its
    return would count only part of it, and look like a fall in every figure."""
    today = timezone.localdate()
    if text is None:
        return returns.last_complete_quarter(today)
    try:
        start = returns.parse_quarter(text)
    except ValueError as error:
        raise CommandError(str(error)) from None
    if returns.quarter_end(start) >= today:
        last = quarter_label(returns.last_complete_quarter(today))
        raise CommandError(
            f"{quarter_label(start)} is not over yet: a return is for a complete quarter "
            f"(the latest is {last})"
        )
    return start
