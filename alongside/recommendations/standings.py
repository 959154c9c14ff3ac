"""Standings: each service's fourteen as they stood on a day, kept in aggregate form so that the
roll-up reads a few rows instead of measuring every service on every request (ADR 0039).

`take` measures one service with the very functions of its own page (measures.py) and keeps the
status and counts of each recommendation; for a day already past, only the recommendations that
can be counted for a past day. `standings_for` reads the latest standing of each service and
those taken on the last four quarter ends: a fixed number of queries, however many services."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from alongside.organisations.models import Service
from alongside.recommendations.measures import Count, Result, Sources, Status, measure_all, quarter_ends
from alongside.recommendations.models import Standing


@dataclass(frozen=True)
class Stored:
    """A recommendation at a service as a standing kept it."""

    status: Status
    counts: tuple[Count, ...] = ()
    attested_on: dt.date | None = None
    stale: bool = False


NOT_MEASURED = Stored(Status.NOT_KNOWN)  # no standing holds it


def _kept(result: Result) -> dict[str, Any]:
    a = result.attestation
    return {
        "status": result.status.value,
        "counts": [[c.what, c.n, c.of, c.of_what] for c in result.counts],
        "attested_on": a.attested_on.isoformat() if a else None,
        "stale": result.stale,
    }


def _read(raw: dict[str, Any]) -> Stored:
    on = raw.get("attested_on")
    return Stored(
        Status(raw["status"]),
        tuple(Count(what, n, of, of_what) for what, n, of, of_what in raw.get("counts", [])),
        dt.date.fromisoformat(on) if on else None,
        bool(raw.get("stale")),
    )


def take(service: Service, on: dt.date, *, today: dt.date | None = None) -> Standing:
    """Measure the service as at `on` and keep it (again, if it was taken that day already)."""
    today = today or timezone.localdate()
    results = measure_all(Sources(service, on))
    kept = {
        str(r.recommendation.number): _kept(r)
        for r in results
        if on >= today or not r.recommendation.past  # a past day: only what can be counted for it
    }
    with transaction.atomic():
        standing, _ = Standing.objects.update_or_create(
            service=service, on=on, defaults={"results": kept, "taken_at": timezone.now()}
        )
    return standing


def take_all(on: dt.date | None = None) -> int:
    """A standing for every service on the day (today unless given); how many were taken."""
    today = timezone.localdate()
    services = list(Service.objects.order_by("pk"))
    for service in services:
        take(service, on or today, today=today)
    return len(services)


KEPT_DAILY = dt.timedelta(days=42)  # then only quarter ends are kept: the trend reads nothing else
QUARTER_END = Q(on__month__in=[3, 12], on__day=31) | Q(on__month__in=[6, 9], on__day=30)


def prune(today: dt.date) -> int:
    """Delete standings older than KEPT_DAILY that were not taken on a quarter's last day: one a
    day for every service would otherwise pile up (about 24,000 a year at 66 services)."""
    deleted, _ = Standing.objects.filter(on__lt=today - KEPT_DAILY).exclude(QUARTER_END).delete()
    return deleted


@dataclass(frozen=True)
class Standings:
    """The latest standing of each service, and those taken on the last four quarter ends."""

    services: list[Service]
    as_at: dict[int, dt.date]  # service pk: the day of its latest standing
    now: dict[int, dict[int, Stored]]  # service pk: number: as it stood then
    quarters: list[dt.date]  # the last four quarter ends, the latest first
    past: dict[int, dict[dt.date, dict[int, Stored]]]  # service pk: quarter end: number: stored

    def latest(self, service: Service, number: int) -> Stored:
        return self.now.get(service.pk, {}).get(number, NOT_MEASURED)

    def at(self, service: Service, quarter: dt.date, number: int) -> Stored | None:
        """None: nothing kept for that quarter end (not taken that day, or not countable then)."""
        return self.past.get(service.pk, {}).get(quarter, {}).get(number)

    def counted_in_past(self, number: int) -> bool:
        return any(
            number in by_number for by_quarter in self.past.values() for by_number in by_quarter.values()
        )

    @property
    def oldest(self) -> dt.date | None:
        return min(self.as_at.values(), default=None)


def standings_for(services: list[Service], today: dt.date) -> Standings:
    ids = [s.pk for s in services]
    latest = (
        Standing.objects.filter(service_id=OuterRef("service_id"), on__lte=today)
        .order_by("-on", "-pk")
        .values("pk")[:1]
    )
    now: dict[int, dict[int, Stored]] = {}
    as_at: dict[int, dt.date] = {}
    for standing in Standing.objects.filter(service_id__in=ids, pk=Subquery(latest)):
        now[standing.service_id] = {int(n): _read(raw) for n, raw in standing.results.items()}
        as_at[standing.service_id] = standing.on
    quarters = quarter_ends(today)
    past: dict[int, dict[dt.date, dict[int, Stored]]] = {}
    for standing in Standing.objects.filter(service_id__in=ids, on__in=quarters):
        past.setdefault(standing.service_id, {})[standing.on] = {
            int(n): _read(raw) for n, raw in standing.results.items()
        }
    return Standings(services, as_at, now, quarters, past)
