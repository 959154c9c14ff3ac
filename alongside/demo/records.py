"""The rows a journey leaves behind: the relationship, its history, allocations and contacts.

Nothing here saves: the builder bulk-creates each table once, in dependency order.
"""

import datetime as dt

from alongside.demo.common import Context, days
from alongside.demo.journeys import Journey
from alongside.organisations.models import Service
from alongside.people.models import Consent
from alongside.support.models import (
    Allocation,
    Contact,
    EndReason,
    Mode,
    PeerSupport,
    Status,
    StatusChange,
)

Visit = tuple[dt.date, bool]  # a contact day, and whether she was reached

_COMMUNITY_MODES = {
    Mode.HOME: 30,
    Mode.COMMUNITY: 20,
    Mode.PHONE: 20,
    Mode.MESSAGE: 12,
    Mode.NHS_PREMISES: 10,
    Mode.VIDEO: 8,
}
MINUTES = {  # how long each kind of contact lasts, shortest to longest (also the national generator's)
    Mode.WARD: (30, 120),
    Mode.HOME: (60, 120),
    Mode.COMMUNITY: (45, 120),
    Mode.NHS_PREMISES: (30, 90),
    Mode.PHONE: (15, 60),
    Mode.VIDEO: (30, 60),
    Mode.MESSAGE: (15, 30),
}
_NOTES = {
    Mode.WARD: [
        "Sat with her in the day room",
        "Helped her get ready for weekend leave",
        "Talked about going home",
    ],
    Mode.HOME: [
        "Home visit: talked about how the week has been",
        "Talked about sleep and feeding",
        "Helped her plan a trip out",
    ],
    Mode.COMMUNITY: [
        "Coffee near her home",
        "Walked to the park together",
        "Went with her to the baby group",
    ],
    Mode.NHS_PREMISES: ["Went with her to her appointment", "Met before her clinic appointment"],
    Mode.PHONE: ["Phone call: checking in", "Talked through her worries about the health visitor visit"],
    Mode.VIDEO: ["Video call: checking in", "Video call with both of them"],
    Mode.MESSAGE: ["Messages about the café group", "Sent details of the local group she asked about"],
}
_MISSED = [
    "No answer; left a voicemail",
    "Message not answered",
    "Not in when I called round",
    "She cancelled: baby unwell",
]


def schedule(ctx: Context, j: Journey) -> list[Visit]:
    """The days someone tried to reach her, and whether they did. Sets first and last success."""
    if j.allocated_on is None or j.status == Status.DEFERRED:
        return []
    if j.status in (Status.ALLOCATED, Status.DECLINED):
        return _attempts(ctx, j.allocated_on + days(1), (j.closed_on or ctx.today) - days(1), most=2)
    visits = _regular(ctx, j)
    reached = [day for day, ok in visits if ok]
    j.first_success, j.last_success = min(reached), max(reached)
    return visits


def _regular(ctx: Context, j: Journey) -> list[Visit]:
    assert j.allocated_on is not None
    earliest, end = j.allocated_on + days(1), _last_day(ctx, j)
    day = min(j.allocated_on + days(ctx.rng.randint(1, 5)), end)
    visits: list[Visit] = []
    while day <= end:
        reached = not (j.quiet_since and day > j.quiet_since) and not ctx.chance(0.1)
        visits.append((_weekday(day, earliest=earliest), reached))
        day += days(max(2, j.cadence + ctx.rng.randint(-2, 3)))
    if j.end_reason == EndReason.LOST_CONTACT:
        visits = [(day, ok and i < len(visits) - 3) for i, (day, ok) in enumerate(visits)]
    if j.quiet_since:
        # Once she has gone quiet, a couple of tries, not a weekly habit.
        before = [v for v in visits if v[0] <= j.quiet_since]
        after = [v for v in visits if v[0] > j.quiet_since]
        visits = before + after[:2]
    if not any(ok for _, ok in visits):
        visits[0] = (visits[0][0], True)
    if j.status == Status.ACTIVE and not j.quiet_since:
        _keep_in_touch(ctx, visits, end, earliest=earliest)
    return visits


def _last_day(ctx: Context, j: Journey) -> dt.date:
    if j.status == Status.ACTIVE:
        return ctx.today - days(1)  # never today: nothing may be later than now
    if j.status == Status.PAUSED:
        return _closed(j) - days(1)  # nothing while paused
    return _closed(j)


def _keep_in_touch(ctx: Context, visits: list[Visit], yesterday: dt.date, *, earliest: dt.date) -> None:
    # Only the journeys chosen to be quiet may show as quiet: the rest were seen in the last 10 days.
    last = max(day for day, ok in visits if ok)
    if last < yesterday - days(10):
        visits.append((max(yesterday - days(ctx.rng.randint(0, 9)), earliest), True))


def _attempts(ctx: Context, first: dt.date, last: dt.date, *, most: int) -> list[Visit]:
    if last < first:
        return []
    span = (last - first).days
    return sorted((first + days(ctx.rng.randint(0, span)), False) for _ in range(ctx.rng.randint(0, most)))


def _weekday(day: dt.date, *, earliest: dt.date) -> dt.date:
    """Peer workers work weekdays: a weekend visit moves back to the Friday, if that is allowed."""
    friday = day - days(max(0, day.weekday() - 4))
    return friday if friday >= earliest else day


def _closed(j: Journey) -> dt.date:
    assert j.closed_on is not None
    return j.closed_on


def relationship(j: Journey) -> tuple[PeerSupport, list[StatusChange]]:
    """The relationship as it stands today, and every step it took to get there."""
    history = _history(j)
    final = history[-1]
    j.peer_support = PeerSupport(
        person=j.person,
        service=j.service,
        source=j.source,
        referred_by=j.referrer,
        referred_on=j.referred_on,
        reason=j.reason,
        status=j.status,
        status_changed_on=final.changed_on,
        end_reason=final.end_reason,
        status_note=final.note,
        review_on=final.review_on,
    )
    for change in history:
        change.peer_support = j.peer_support
    return j.peer_support, history


def _history(j: Journey) -> list[StatusChange]:
    history = [StatusChange(status=Status.REFERRED, changed_on=j.referred_on, changed_by=j.referrer)]
    if j.allocated_on:
        history.append(
            StatusChange(status=Status.ALLOCATED, changed_on=j.allocated_on, changed_by=j.coordinator)
        )
    if j.first_success:
        history.append(
            StatusChange(status=Status.ACTIVE, changed_on=j.first_success, changed_by=j.workers[0])
        )
    if j.status in (Status.PAUSED, Status.ENDED, Status.DECLINED, Status.DEFERRED):
        history.append(_closing(j))
    return history


def _closing(j: Journey) -> StatusChange:
    by = j.workers[0] if j.workers else j.coordinator
    if j.status == Status.DEFERRED:
        by = j.referrer
    return StatusChange(
        status=j.status,
        changed_on=_closed(j),
        changed_by=by,
        end_reason=j.end_reason,
        note=j.note,
        review_on=j.review_on,
    )


def allocations(j: Journey) -> list[Allocation]:
    if j.allocated_on is None:
        return []
    ended_on = j.closed_on if j.status in (Status.ENDED, Status.DECLINED) else None
    return [
        Allocation(
            peer_support=j.peer_support,
            peer_worker=worker,
            allocated_by=j.coordinator,
            started_on=j.allocated_on,
            ended_on=ended_on,
        )
        for worker in j.workers
    ]


def contacts(ctx: Context, j: Journey, visits: list[Visit]) -> list[Contact]:
    in_mbu = j.service.kind == Service.Kind.MBU
    rows = []
    for day, reached in visits:
        mode = Mode.WARD if in_mbu else ctx.weighted(_COMMUNITY_MODES)
        low, high = MINUTES[Mode(mode)]
        rows.append(
            Contact(
                peer_support=j.peer_support,
                peer_worker=ctx.choice(j.workers),
                contact_with=_with_whom(ctx, j),
                occurred_at=ctx.at(day, ctx.rng.randint(9, 16), ctx.choice([0, 15, 30, 45])),
                duration_minutes=ctx.rng.randint(low // 5, high // 5) * 5 if reached else 15,
                mode=mode,
                successful=reached,
                note=ctx.choice(_NOTES[Mode(mode)]) if reached else ctx.choice(_MISSED),
            )
        )
    return rows


def _with_whom(ctx: Context, j: Journey) -> str:
    if not j.is_mother:
        return Contact.With.PARTNER if ctx.chance(0.85) else Contact.With.BOTH
    if not j.has_partner:
        return Contact.With.MOTHER
    return ctx.weighted({Contact.With.MOTHER: 80, Contact.With.BOTH: 12, Contact.With.PARTNER: 8})


def consent(j: Journey) -> Consent:
    return Consent(person=j.person, given_on=j.referred_on, recorded_by=j.referrer)
