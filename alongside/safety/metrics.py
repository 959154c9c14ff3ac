"""Safety metrics, each defined once (ADR 0004)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet

from alongside.lib import dates
from alongside.safety.models import GroundRules
from alongside.support.models import OPEN_STATUSES, Contact, Group, PeerSupport


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
