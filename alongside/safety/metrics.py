"""Safety metrics, each defined once (ADR 0004)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from alongside.lib import dates
from alongside.organisations.models import Service
from alongside.safety.models import ArrivalBriefing, DepartureDebrief, Escalation, GroundRules, Shift
from alongside.support.models import OPEN_STATUSES, Contact, Group, PeerSupport

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


@dataclass(frozen=True)
class RulesDue:
    label: str
    agreed_on: dt.date | None
    why: str
    href_target: Any


def ground_rules_due(
    peer_supports: QuerySet[PeerSupport], groups: QuerySet[Group], today: dt.date
) -> list[RulesDue]:
    """Relationships and groups whose ground rules are missing or due for review. A group's are
    due again when someone new has come since they were agreed."""
    due: list[RulesDue] = []
    supports = peer_supports.filter(status__in=OPEN_STATUSES).annotate(
        last_agreed=Max("ground_rules__agreed_on")
    )
    for ps in supports.select_related("person", "service"):
        why = _why_due(ps.last_agreed, ps.service.ground_rules_review_weeks, today)  # type: ignore[attr-defined]
        if why:
            due.append(RulesDue(ps.person.name, ps.last_agreed, why, ps))  # type: ignore[attr-defined]
    for group in (
        groups.filter(active=True)
        .annotate(last_agreed=Max("ground_rules__agreed_on"))
        .select_related("service")
    ):
        last = group.last_agreed  # type: ignore[attr-defined]
        why = _why_due(last, group.service.ground_rules_review_weeks, today)
        if not why and last and _newcomers_since(group, last):
            why = "Someone new has joined since they were agreed"
        if why:
            due.append(RulesDue(group.name, last, why, group))
    return due


def _why_due(last_agreed: dt.date | None, weeks: int, today: dt.date) -> str:
    if last_agreed is None:
        return "No ground rules agreed yet"
    if today >= last_agreed + dt.timedelta(weeks=weeks):
        return f"Agreed more than {weeks} weeks ago"
    return ""


def _newcomers_since(group: Group, agreed_on: dt.date) -> bool:
    attendances = Contact.objects.filter(group_session__group=group)
    # Whoever came on or before the day they were agreed was there to agree them.
    _, next_day = dates.days(agreed_on, agreed_on)
    before = attendances.filter(occurred_at__lt=next_day).values("peer_support")
    return attendances.filter(occurred_at__gte=next_day).exclude(peer_support__in=before).exists()


def latest_ground_rules(**target: Any) -> GroundRules | None:
    return GroundRules.objects.filter(**target).prefetch_related("items").first()
