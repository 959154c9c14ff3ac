"""What the national pages need that `alongside generate` does not make: the national register, its
links to the generated services, the standings and the returns (issue 15).

The generator (alongside/demo/generator.py) is hashed into the bench data's folder name, so the
register is added here, before timing, and only where it is missing: the first run on a size's
data does it (and prints what it cost), later runs find it there. The generated services are named
as alongside/demo/data/england_services.csv names them, but for the three the demo calls by its own
names; those are matched by their ICB and kind, each ICB having at most one of each kind.

The register and the returns are made by the demo's own steps (alongside/demo/national.py), which
stop with the reason if a row or a return is refused. Each step is timed and its queries counted
(every one, not Django's last 9,000), so `alongside standings` (what `take_all` runs daily) and
making the returns are measured at national size too.
"""

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection

from alongside.demo.national import RETURN_QUARTERS, build_national, build_returns
from alongside.national.models import PerinatalService, Return
from alongside.organisations.models import Service
from alongside.recommendations.standings import take_all

KINDS: dict[str, str] = {
    Service.Kind.MBU: PerinatalService.Kind.MBU,
    Service.Kind.COMMUNITY_PERINATAL: PerinatalService.Kind.COMMUNITY,
}


@dataclass(frozen=True)
class Step:
    label: str
    seconds: float
    queries: int
    note: str


@contextmanager
def counting() -> Iterator[list[int]]:
    """Every query run inside, counted without keeping its SQL (so past Django's 9,000 too)."""
    count = [0]

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def _timed(label: str, step: Callable[[], str]) -> Step:
    with counting() as count:
        started = time.perf_counter()
        note = step()
        seconds = time.perf_counter() - started
    return Step(label, seconds, count[0], note)


def _import() -> str:
    return "; ".join(report.summary() for report in build_national())


def link_services() -> int:
    """Link each registered service to the generated service of its name, or else to the only one
    of its kind in its ICB; how many were linked."""
    services = list(Service.objects.filter(registration__isnull=True))
    by_name = {s.name: s for s in services}
    by_place: dict[tuple[int, str], list[Service]] = {}
    for s in services:
        if s.kind in KINDS:
            by_place.setdefault((s.icb_id, KINDS[s.kind]), []).append(s)
    taken: set[int] = set()
    for ps in PerinatalService.objects.filter(service__isnull=True).order_by("code"):
        match = by_name.get(ps.name)
        if match is None:
            candidates = by_place.get((ps.icb_id, ps.kind), [])
            match = candidates[0] if len(candidates) == 1 else None
        if match is None or match.pk in taken:
            continue
        taken.add(match.pk)
        ps.service = match
        ps.save(update_fields=["service"])
    return len(taken)


def _link() -> str:
    linked = link_services()
    return (
        f"{linked} linked, {Service.objects.filter(registration__isnull=True).count()} services left unlinked"
    )


def _standings() -> str:
    return f"{take_all()} services"


def _returns(today: dt.date) -> str:
    received = build_returns(today)
    return f"{sum(len(r.new) for r in received)} returns kept for {len(received)} quarters"


def prepare(today: dt.date) -> list[Step]:
    """The register, links, standings and returns, each only where it is missing; the steps run."""
    steps = []
    if not PerinatalService.objects.exists():
        steps.append(_timed("Register: import the services and births CSVs", _import))
    if Service.objects.filter(registration__isnull=True).exists():
        steps.append(_timed("Register: link registered services to ours", _link))
    if not Return.objects.filter(current=True).exists():
        steps.append(_timed("alongside standings (take_all)", _standings))
        steps.append(_timed(f"Returns: make_here, {RETURN_QUARTERS} quarters", lambda: _returns(today)))
    return steps
