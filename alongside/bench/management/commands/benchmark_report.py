"""`alongside benchmark_report`: how long the commissioner's report takes, in each format.

Measures against whatever database the settings name; with no demo data there it migrates and
builds the demo first (a year of peer support at three services). Prints figures; asserts nothing.
"""

import datetime as dt
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.demo.builder import build as build_demo
from alongside.organisations.models import Service
from alongside.reports import figures, render, snapshots
from alongside.reports.shown import ShownReport, shown


class Command(BaseCommand):
    help = "Time the commissioner's report (figures, page data, PDF, CSV, XLSX) for a year of demo data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=3, help="Runs of each step; the median is printed")
        parser.add_argument("--service", default="", help="Part of a service's name (default: the busiest)")

    def handle(self, *args: Any, repeat: int, service: str, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        if not Service.objects.exists():
            self.stdout.write("No data: building the demo first...")
            build_demo()
        chosen = self._service(service)
        end = timezone.localdate()
        start = end - dt.timedelta(days=364)
        self.stdout.write(f"Report for {chosen.name}, {start} to {end}, median of {repeat} runs:")
        report: ShownReport | None = None

        def figures_step() -> None:
            nonlocal report
            report = shown(figures.build(chosen, start, end))

        self._time("figures (queries and suppression)", figures_step, repeat, queries=True)
        # What a download after the page costs: the data version, then the snapshot (ADR 0030).
        snapshots.shown_report(chosen, start, end)
        self._time(
            "figures again, from the snapshot",
            lambda: snapshots.shown_report(chosen, start, end),
            repeat,
            queries=True,
        )
        assert report is not None
        made = report
        self._time("PDF (WeasyPrint)", lambda: render.pdf(made), repeat)
        self._time("CSV (ZIP)", lambda: render.csv_zip(made), repeat)
        self._time("XLSX", lambda: render.xlsx(made), repeat)
        tracemalloc.start()
        render.pdf(shown(figures.build(chosen, start, end)))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.stdout.write(f"  peak Python memory for figures and PDF: {peak / 2**20:.1f} MiB")

    def _service(self, name: str) -> Service:
        qs = Service.objects.annotate(size=Count("peer_supports")).order_by("-size", "pk")
        found = (qs.filter(name__icontains=name) if name else qs).first()
        if found is None:
            raise SystemExit(f"No service matches {name!r}")
        return found

    def _time(self, label: str, step: Callable[[], object], repeat: int, *, queries: bool = False) -> None:
        runs, count = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                step()
                runs.append(time.perf_counter() - started)
            count = len(captured)
        extra = f", {count} queries" if queries else ""
        self.stdout.write(f"  {label}: {statistics.median(runs) * 1000:.0f} ms{extra}")
