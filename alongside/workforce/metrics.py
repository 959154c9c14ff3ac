"""Supervision metrics, each defined once (ADR 0004): her page and the co-ordinator's use these.

- next due and overdue, for each half of dual supervision, for each peer worker;
- the service's share of peer workers with both halves up to date (recommendation 3);
- whether a supervision did not discuss her wellbeing;
- the flag when her last three supervisions in a row did not.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from alongside.organisations.models import Membership, Role, Service
from alongside.workforce.models import KINDS_BY_TRACK, Action, Supervision, Track, WorkforceSettings

WELLBEING_FLAG_AFTER = 3  # supervisions in a row that did not discuss her wellbeing


@dataclass(frozen=True)
class Due:
    """When one half of her dual supervision is next due. Never supervised: due now, and overdue."""

    track: Track
    last_on: dt.date | None
    due_on: dt.date | None
    overdue: bool

    @property
    def label(self) -> str:
        return self.track.label

    @property
    def up_to_date(self) -> bool:
        return not self.overdue


def next_due(track: Track, last_on: dt.date | None, every: dt.timedelta, today: dt.date) -> Due:
    if last_on is None:
        return Due(track, None, None, True)
    due_on = last_on + every
    return Due(track, last_on, due_on, today > due_on)


def wellbeing_not_discussed(supervision: Supervision) -> bool:
    """Shown on every supervision that did not discuss her wellbeing: a standing item (principle 5)."""
    return not supervision.wellbeing_discussed


@dataclass(frozen=True)
class WorkerSupervision:
    user_id: int
    nhs: Due
    peer: Due
    wellbeing_flag: bool  # her last WELLBEING_FLAG_AFTER supervisions did not discuss her wellbeing

    @property
    def both_up_to_date(self) -> bool:
        return self.nhs.up_to_date and self.peer.up_to_date

    @property
    def halves(self) -> tuple[Due, Due]:
        return (self.nhs, self.peer)


@dataclass(frozen=True)
class Share:
    up_to_date: int
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.up_to_date / self.of) if self.of else None


def supervision_for(
    service: Service, user_ids: Sequence[int], today: dt.date
) -> dict[int, WorkerSupervision]:
    """Each peer worker's due dates (at the service's expected intervals) and wellbeing flag.

    Her supervisions count wherever they were recorded: she is one person, supervised once, even
    when she works in two services. Three queries whatever the number of peer workers.
    """
    service_settings = WorkforceSettings.for_service(service)
    last = {
        row["peer_worker"]: row
        for row in Supervision.objects.filter(peer_worker__in=user_ids)
        .values("peer_worker")
        .annotate(
            nhs=Max("held_on", filter=Q(kind__in=KINDS_BY_TRACK[Track.NHS])),
            peer=Max("held_on", filter=Q(kind__in=KINDS_BY_TRACK[Track.PEER])),
        )
        .order_by()
    }
    flagged = wellbeing_flagged(user_ids)
    result = {}
    for user_id in user_ids:
        row = last.get(user_id, {})
        result[user_id] = WorkerSupervision(
            user_id,
            next_due(Track.NHS, row.get("nhs"), service_settings.every(Track.NHS), today),
            next_due(Track.PEER, row.get("peer"), service_settings.every(Track.PEER), today),
            user_id in flagged,
        )
    return result


def wellbeing_flagged(user_ids: Sequence[int]) -> set[int]:
    """Peer workers whose last three supervisions (of any kind) in a row did not discuss her wellbeing."""
    latest = (
        Supervision.objects.filter(peer_worker__in=user_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("peer_worker_id")],
                order_by=[F("held_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=WELLBEING_FLAG_AFTER)
        .values_list("peer_worker_id", "wellbeing_discussed")
    )
    missed: dict[int, int] = defaultdict(int)
    discussed: set[int] = set()
    for user_id, was_discussed in latest:
        if was_discussed:
            discussed.add(user_id)
        else:
            missed[user_id] += 1
    return {u for u, n in missed.items() if n >= WELLBEING_FLAG_AFTER and u not in discussed}


def peer_workers(service: Service) -> QuerySet[Membership]:
    """Who the service's supervision figures are about: its active peer workers."""
    return (
        Membership.objects.filter(service=service, role=Role.PEER_WORKER, active=True)
        .select_related("user", "host_organisation")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def dual_supervision_share(rows: Iterable[WorkerSupervision]) -> Share:
    """Recommendation 3: the share of peer workers with both NHS and peer supervision up to date."""
    rows = list(rows)
    return Share(sum(1 for r in rows if r.both_up_to_date), len(rows))


@dataclass(frozen=True)
class TeamRow:
    membership: Membership
    supervision: WorkerSupervision

    @property
    def needs_attention(self) -> bool:
        return self.supervision.wellbeing_flag or not self.supervision.both_up_to_date


def team_supervision(service: Service, today: dt.date) -> tuple[list[TeamRow], Share]:
    """For the co-ordinator: each peer worker (those needing attention first) and the share."""
    members = list(peer_workers(service))
    found = supervision_for(service, [m.user_id for m in members], today)
    rows = [TeamRow(m, found[m.user_id]) for m in members]
    rows.sort(key=lambda r: not r.needs_attention)
    return rows, dual_supervision_share(r.supervision for r in rows)


def open_actions(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Actions not yet done, soonest due first. Takes actions already scoped by alongside.workforce.access."""
    return (
        actions.filter(done_on__isnull=True)
        .select_related("owner", "supervision__peer_worker")
        .order_by("due_on", "pk")
    )


def action_overdue(action: Action, today: dt.date) -> bool:
    return action.done_on is None and action.due_on < today
