"""Continuity across transitions, defined once (ADR 0004): the dashboard, the Transitions page
and the commissioners' summary all call continuity().

Of the people discharged or transferred in a period (from a service, into it, or either), the
share whose peer support carried on: a successful contact on one of the N days after the event
(the service's TransitionSettings, 28 by default), at the service she went to when it is on
Alongside, or with any of our services when it is not (a GP, out of area, a team not on
Alongside). A contact on the day itself does not count: it may have been the goodbye.

Each person counts once, by her latest such event in the period. She has *continued* once that
contact happened; she has *lapsed* when the N days are over without one; until then she is
*waiting*, and is left out of the share, which is therefore continued / (continued + lapsed).
"""

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from alongside.lib import dates
from alongside.lib.suppression import suppress
from alongside.organisations.models import Service
from alongside.support.models import Contact
from alongside.transitions.models import CONTINUITY_KINDS, Transition, TransitionSettings

Direction = Literal["from", "into", "either"]


class Outcome(StrEnum):
    CONTINUED = "continued"
    LAPSED = "lapsed"
    WAITING = "waiting"


@dataclass(frozen=True)
class TransitionOutcome:
    transition: Transition
    outcome: Outcome
    window_ends_on: dt.date
    first_contact_on: dt.date | None


@dataclass(frozen=True)
class Continuity:
    days: int
    rows: list[TransitionOutcome] = field(default_factory=list)

    def _count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def continued(self) -> int:
        return self._count(Outcome.CONTINUED)

    @property
    def lapsed(self) -> int:
        return self._count(Outcome.LAPSED)

    @property
    def waiting(self) -> int:
        return self._count(Outcome.WAITING)

    @property
    def decided(self) -> int:
        return self.continued + self.lapsed

    @property
    def share(self) -> float | None:
        return self.continued / self.decided if self.decided else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def lapsed_rows(self) -> list[TransitionOutcome]:
        """For follow-up: the most recent first."""
        rows = [row for row in self.rows if row.outcome == Outcome.LAPSED]
        return sorted(rows, key=lambda row: (row.transition.occurred_on, row.transition.pk), reverse=True)


def continuity(
    service: Service,
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    direction: Direction = "either",
) -> Continuity:
    """Continuity for discharges and transfers dated start..end (inclusive), as of `today`."""
    today = today or timezone.localdate()
    days = TransitionSettings.for_service(service).continuity_days
    window = dt.timedelta(days=days)
    where = {
        "from": Q(from_service=service),
        "into": Q(to_service=service),
        "either": Q(from_service=service) | Q(to_service=service),
    }[direction]
    events = (
        Transition.objects.filter(
            where, kind__in=CONTINUITY_KINDS, occurred_on__gte=start, occurred_on__lte=end
        )
        .select_related("person", "from_service", "to_service")
        .order_by("person_id", "-occurred_on", "-pk")
    )
    latest: dict[int, Transition] = {}
    for event in events:
        latest.setdefault(event.person_id, event)
    if not latest:
        return Continuity(days=days)
    first_day = min(t.occurred_on for t in latest.values()) + dt.timedelta(days=1)
    last_day = max(t.occurred_on for t in latest.values()) + window
    contacts = Contact.objects.filter(
        successful=True,
        peer_support__person_id__in=list(latest),
        occurred_at__gte=dates.start_of(first_day),
        occurred_at__lt=dates.start_of(last_day + dt.timedelta(days=1)),
    ).values_list("peer_support__person_id", "peer_support__service_id", "occurred_at")
    contact_days: dict[int, list[tuple[int, dt.date]]] = {}
    for person_id, service_id, occurred_at in contacts:
        contact_days.setdefault(person_id, []).append((service_id, timezone.localdate(occurred_at)))
    rows = []
    for transition in latest.values():
        ends = transition.occurred_on + window
        days_in_window = [
            day
            for service_id, day in contact_days.get(transition.person_id, [])
            if transition.occurred_on < day <= ends
            and (transition.to_service_id is None or service_id == transition.to_service_id)
        ]
        first = min(days_in_window, default=None)
        if first is not None:
            outcome = Outcome.CONTINUED
        elif today > ends:
            outcome = Outcome.LAPSED
        else:
            outcome = Outcome.WAITING
        rows.append(TransitionOutcome(transition, outcome, ends, first))
    rows.sort(key=lambda row: (row.transition.occurred_on, row.transition.pk), reverse=True)
    return Continuity(days=days, rows=rows)


def for_aggregates(result: Continuity, *, national: bool = False) -> tuple[str, str]:
    """The figures that may leave the service (REFERENCE.md, small-number suppression): how many
    people's outcome is known, suppressed like any count, and the share who kept their peer
    support, shown only when neither those who kept it nor those who lost it number 1 to
    SUPPRESS_MAX (so neither can be worked out), and rounded to 5% below national level."""
    count = suppress(result.decided, national=national)
    if result.share is None:
        return count, ""
    low = settings.ALONGSIDE["SUPPRESS_MAX"]
    if any(1 <= n <= low for n in (result.continued, result.lapsed)):
        return count, "*"
    percent = result.share * 100
    return count, f"{round(percent) if national else 5 * round(percent / 5)}%"
