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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, NamedTuple

from django.conf import settings
from django.db.models import Q, QuerySet
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
    # The outcomes counted without their rows (continuity_by_service): the summary needs no names.
    counted: dict[Outcome, int] | None = None

    def _count(self, outcome: Outcome) -> int:
        if self.counted is not None:
            return self.counted.get(outcome, 0)
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


class Event(NamedTuple):
    """A discharge or transfer as the counts need it: no names, so no Person row is read."""

    pk: int
    person_id: int
    from_service_id: int | None
    to_service_id: int | None
    occurred_on: dt.date


def _days_by_service(service_ids: Sequence[int]) -> dict[int, int]:
    """Each service's window in days (its TransitionSettings, else the default), in one query."""
    default = TransitionSettings._meta.get_field("continuity_days").get_default()
    chosen = dict(
        TransitionSettings.objects.filter(service_id__in=service_ids).values_list(
            "service_id", "continuity_days"
        )
    )
    return {pk: chosen.get(pk, default) for pk in service_ids}


def _event_qs(
    service_ids: Sequence[int], start: dt.date, end: dt.date, direction: Direction
) -> QuerySet[Transition]:
    """The period's discharges and transfers touching the services."""
    where = {
        "from": Q(from_service_id__in=service_ids),
        "into": Q(to_service_id__in=service_ids),
        "either": Q(from_service_id__in=service_ids) | Q(to_service_id__in=service_ids),
    }[direction]
    return Transition.objects.filter(
        where, kind__in=CONTINUITY_KINDS, occurred_on__gte=start, occurred_on__lte=end
    )


def _events(qs: QuerySet[Transition], *, detail: bool) -> list[Transition] | list[Event]:
    """The events, each person's latest first; with names (detail) only where rows are shown."""
    qs = qs.order_by("person_id", "-occurred_on", "-pk")
    if detail:
        return list(qs.select_related("person", "from_service", "to_service"))
    fields = ("pk", "person_id", "from_service_id", "to_service_id", "occurred_on")
    return [Event(*row) for row in qs.values_list(*fields)]


def _latest_by_service(
    events: Sequence[Transition | Event], service_ids: Sequence[int], direction: Direction
) -> dict[int, dict[int, Transition | Event]]:
    """{service: {person: her latest event there}}: an event from one of the services to another
    counts at both, as it does when each service is measured alone."""
    wanted = set(service_ids)
    latest: dict[int, dict[int, Transition | Event]] = {pk: {} for pk in service_ids}
    for event in events:  # ordered by person, latest first: the first seen is the latest
        ends = {
            "from": {event.from_service_id},
            "into": {event.to_service_id},
            "either": {event.from_service_id, event.to_service_id},
        }[direction]
        for service_id in wanted.intersection(ends):
            latest[service_id].setdefault(event.person_id, event)
    return latest


def _contact_days(
    latest: dict[int, dict[int, Transition | Event]],
    days: dict[int, int],
    events: QuerySet[Transition],
) -> dict[int, list[tuple[int, dt.date]]]:
    """Each person's successful contacts (service, local day) from the day after her earliest
    event to the end of the latest window: one query, whatever the number of services, bounded
    in UTC (lib/dates.days); _outcome() decides which count."""
    spans = [
        (event.occurred_on, event.occurred_on + dt.timedelta(days=days[service_id]))
        for service_id, people in latest.items()
        for event in people.values()
    ]
    if not spans:
        return {}
    first_day = min(a for a, _ in spans) + dt.timedelta(days=1)
    last_day = max(b for _, b in spans)
    since, until = dates.days(first_day, last_day)
    # The people as a subquery, not a list: at national size a list would pass SQLite's limit on
    # parameters (32,766) and make PostgreSQL parse every id.
    contacts = Contact.objects.filter(
        successful=True,
        occurred_at__gte=since,
        occurred_at__lt=until,
        peer_support__person_id__in=events.values("person_id"),
    )
    rows = contacts.values_list("peer_support__person_id", "peer_support__service_id", "occurred_at")
    found: dict[int, list[tuple[int, dt.date]]] = {}
    here = timezone.get_current_timezone()  # once: localdate() looks it up again for every row
    for person_id, service_id, occurred_at in rows:
        found.setdefault(person_id, []).append((service_id, occurred_at.astimezone(here).date()))
    return found


def _outcome(
    event: Transition | Event, window: dt.timedelta, contact_days: list[tuple[int, dt.date]], today: dt.date
) -> tuple[Outcome, dt.date, dt.date | None]:
    """Continued (a successful contact on one of the days after, at the service she went to when
    it is on Alongside), lapsed (the days are over without one), or still waiting."""
    ends = event.occurred_on + window
    first = min(
        (
            day
            for service_id, day in contact_days
            if event.occurred_on < day <= ends
            and (event.to_service_id is None or service_id == event.to_service_id)
        ),
        default=None,
    )
    if first is not None:
        return Outcome.CONTINUED, ends, first
    return (Outcome.LAPSED if today > ends else Outcome.WAITING), ends, None


def continuity_by_service(
    services: Sequence[Service],
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    direction: Direction = "either",
) -> dict[int, Continuity]:
    """Continuity's counts for each service (no rows), in three queries however many services:
    the same figures as continuity() gives each service alone (the summary's test checks)."""
    today = today or timezone.localdate()
    ids = [s.pk for s in services]
    days = _days_by_service(ids)
    events = _event_qs(ids, start, end, direction)
    latest = _latest_by_service(_events(events, detail=False), ids, direction)
    contact_days = _contact_days(latest, days, events)
    result = {}
    for service_id, people in latest.items():
        window = dt.timedelta(days=days[service_id])
        counted = Counter(
            _outcome(event, window, contact_days.get(person_id, []), today)[0]
            for person_id, event in people.items()
        )
        result[service_id] = Continuity(days=days[service_id], counted=dict(counted))
    return result


def continuity(
    service: Service,
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    direction: Direction = "either",
) -> Continuity:
    """Continuity for discharges and transfers dated start..end (inclusive), as of `today`, with
    each person's row (for the Transitions page's follow-up list)."""
    today = today or timezone.localdate()
    days = _days_by_service([service.pk])
    window = dt.timedelta(days=days[service.pk])
    events = _event_qs([service.pk], start, end, direction)
    latest = _latest_by_service(_events(events, detail=True), [service.pk], direction)
    contact_days = _contact_days(latest, days, events)
    rows = []
    for person_id, event in latest[service.pk].items():
        assert isinstance(event, Transition)
        outcome, ends, first = _outcome(event, window, contact_days.get(person_id, []), today)
        rows.append(TransitionOutcome(event, outcome, ends, first))
    rows.sort(key=lambda row: (row.transition.occurred_on, row.transition.pk), reverse=True)
    return Continuity(days=days[service.pk], rows=rows)


def for_aggregates(result: Continuity, *, national: bool = False) -> tuple[str, str]:
    """The figures that may leave the service (docs/domain.md, "Small-number suppression"): how many
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
