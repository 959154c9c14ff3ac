"""`alongside generate --size national`: data of national shape, for `make bench` (ADR 0029 measures it).

Writes into the database the settings name (SQLite under ALONGSIDE_DATA_DIR, or DATABASE_URL),
which must be migrated (this migrates it) and hold no services yet. See alongside/demo/generator.py.
"""

import statistics
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from alongside.demo.generator import SEED, SIZES, generate, plan
from alongside.organisations.models import Service
from alongside.support.models import CASELOAD_STATUSES, Allocation


class Command(BaseCommand):
    help = "Generate national-shaped data (service, region or national size) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size", choices=SIZES, required=True, help="service: 1; region: 15; national: 66"
        )
        parser.add_argument("--seed", type=int, default=SEED, help=f"Same seed, same data ({SEED})")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Fraction of each service's people (1.0; tests use less)"
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Do nothing if the database already holds this size's services",
        )

    def handle(self, *args: Any, size: str, seed: int, scale: float, reuse: bool, **options: Any) -> None:
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1")
        call_command("migrate", verbosity=0, interactive=False)
        names = sorted(p.name for p in plan(size))
        if reuse and sorted(Service.objects.values_list("name", flat=True)) == names:
            self.stdout.write(f"The {size} size is already here ({len(names)} services): nothing to do.")
            return
        self.stdout.write(f"Generating the {size} size (seed {seed}, scale {scale})...")
        started = time.perf_counter()
        try:
            written = generate(size, seed=seed, scale=scale, say=self.stdout.write)
        except ValueError as refused:
            raise CommandError(str(refused)) from refused
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Done in {seconds:.0f} s: " + ", ".join(f"{n:,} {t}" for t, n in written.items() if n)
        )
        self.stdout.write(_caseloads())


def _caseloads() -> str:
    """How many open cases each peer worker holds now (the issue asks for 15 to 40)."""
    sizes = sorted(
        Allocation.objects.filter(ended_on__isnull=True, peer_support__status__in=CASELOAD_STATUSES)
        .values("peer_worker")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    if not sizes:
        return "No open caseloads."
    median = statistics.median(sizes)
    return f"Open caseloads: {len(sizes):,} peer workers, {sizes[0]} to {sizes[-1]} each, median {median:g}."
