"""`alongside standings`: measure every service against the fourteen recommendations and keep
how each stands today, for the roll-up and its trend by quarter (ADR 0039). Schedule it daily:
the standing taken on a quarter's last day is that quarter's in the trend. Daily standings older
than six weeks, other than quarter ends, are removed (standings.prune)."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from alongside.recommendations import standings


class Command(BaseCommand):
    help = "Keep how every service stands against the fourteen recommendations today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=dt.date.fromisoformat,
            default=None,
            help="A past day (YYYY-MM-DD): keeps only what can be counted for it",
        )

    def handle(self, *args: Any, on: dt.date | None, **options: Any) -> None:
        if on is not None and on > timezone.localdate():
            raise CommandError("--on cannot be a day still to come: nothing can be measured for it yet")
        taken = standings.take_all(on)
        self.stdout.write(f"Standings taken for {taken} service{'' if taken == 1 else 's'}.")
        pruned = standings.prune(timezone.localdate())
        if pruned:
            self.stdout.write(
                f"{pruned} daily standing{'' if pruned == 1 else 's'} older than six weeks removed."
            )
