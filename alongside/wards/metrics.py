"""TODO docstring"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from alongside.lib import dates
from alongside.organisations.models import Service
from alongside.wards.models import ArrivalBriefing, DepartureDebrief, Escalation, Shift

# A shift still open after this long has, in practice, no departure debrief.
STALE_SHIFT = dt.timedelta(hours=16)


@dataclass(frozen=True)
class Compliance:
    label: str
    shifts: int
    with_briefing: int
    with_debrief: int
    with_both: int

    @property
    def share(self) -> float | None:
        return self.with_both / self.shifts if self.shifts else None

    @property
    def percent(self) -> int | None:
        """The share as a whole percentage, as every page shows it."""
        return round(100 * self.with_both / self.shifts) if self.shifts else None


def shifts_in_period(service: Service, start: dt.date, end: dt.date) -> QuerySet[Shift]:
    """Shifts started in the period that are over (or should be), each marked with its handovers."""
    since, until = dates.days(start, end)
    stale = timezone.now() - STALE_SHIFT
    return (
        Shift.objects.filter(service=service, started_at__gte=since, started_at__lt=until)
        .filter(Q(ended_at__isnull=False) | Q(started_at__lt=stale))
        .annotate(
            has_briefing=Exists(ArrivalBriefing.objects.filter(shift=OuterRef("pk"))),
            has_debrief=Exists(DepartureDebrief.objects.filter(shift=OuterRef("pk"))),
        )
        .select_related("peer_worker")
    )


def handover_compliance(
    service: Service, start: dt.date, end: dt.date
) -> tuple[Compliance, list[Compliance]]:
    """The share of shifts with both an arrival briefing and a departure debrief: for the
    service, and per peer worker."""
    rows = (
        shifts_in_period(service, start, end)
        .values("peer_worker")
        .annotate(
            shifts=Count("pk"),
            with_briefing=Count("pk", filter=Q(has_briefing=True)),
            with_debrief=Count("pk", filter=Q(has_debrief=True)),
            with_both=Count("pk", filter=Q(has_briefing=True, has_debrief=True)),
        )
        .order_by("peer_worker")
    )
    from alongside.accounts.models import User

    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[r["peer_worker"] for r in rows])}
    per_worker = [
        Compliance(
            names[r["peer_worker"]], r["shifts"], r["with_briefing"], r["with_debrief"], r["with_both"]
        )
        for r in rows
    ]
    total = Compliance(
        service.name,
        sum(r.shifts for r in per_worker),
        sum(r.with_briefing for r in per_worker),
        sum(r.with_debrief for r in per_worker),
        sum(r.with_both for r in per_worker),
    )
    return total, sorted(per_worker, key=lambda r: r.label)


def shifts_missing_a_handover(service: Service, start: dt.date, end: dt.date) -> QuerySet[Shift]:
    return (
        shifts_in_period(service, start, end)
        .filter(Q(has_briefing=False) | Q(has_debrief=False))
        .order_by("-started_at")
    )


def open_escalations(service: Service) -> QuerySet[Escalation]:
    """Concerns not yet acknowledged: they never drop off a page until a clinician acts."""
    return (
        Escalation.objects.filter(service=service, acknowledged_at__isnull=True)
        .select_related("raised_by", "person")
        .order_by("raised_at", "pk")
    )


def is_overdue(escalation: Escalation, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return escalation.raised_at < now - dt.timedelta(hours=escalation.service.escalation_hours)
