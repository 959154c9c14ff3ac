"""A year of groups, a fortnight ahead, and one group today whose register is still to take.

Each recurring series is a Group (the Tuesday coffee morning) and each meeting a session of it;
today's walk is a one-off, so its session belongs to no group.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from alongside.demo.common import Context, days
from alongside.demo.journeys import Journey
from alongside.demo.staff import BIRMINGHAM, LANCASHIRE, MBU, Staff
from alongside.organisations.models import Service
from alongside.support.models import Contact, Group, GroupSession, Mode

Kind = GroupSession.Kind


@dataclass(frozen=True)
class Series:
    service: str
    kind: str
    title: str
    when: str  # weekday and time, "Tue 10:30"
    leads: str  # staff keys, taking turns
    weeks: int = 1  # how often: every so many weeks
    minutes: int = 90
    mode: str = Mode.COMMUNITY
    for_partners: bool = False

    @property
    def weekday(self) -> int:
        return _WEEKDAYS.index(self.when[:3])

    @property
    def starts(self) -> dt.time:
        return dt.time.fromisoformat(self.when[4:])

    def lead(self, n: int) -> str:
        keys = self.leads.split()
        return keys[n % len(keys)]


_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_B, _L, _M = BIRMINGHAM, LANCASHIRE, MBU
SERIES = (
    Series(
        _B,
        Kind.COFFEE_MORNING,
        "Tuesday coffee morning",
        "Tue 10:30",
        "peerworker partnerpeer bham-peer-volunteer",
    ),
    Series(_B, Kind.CAFE, "Café group, Kings Heath", "Thu 13:00", "partnerpeer bham-peer-app", weeks=2),
    Series(_B, Kind.CRAFT, "Craft and chat", "Fri 10:00", "bham-peer-nhs peerworker", weeks=4, minutes=120),
    Series(
        _B,
        Kind.ONLINE,
        "Online evening group",
        "Mon 19:30",
        "bham-peer-app",
        weeks=2,
        minutes=60,
        mode=Mode.VIDEO,
    ),
    Series(_B, Kind.OTHER, "Dads' evening", "Wed 18:30", "bham-peer-fathers", weeks=4, for_partners=True),
    Series(
        _L,
        Kind.CAFE,
        "Wednesday café group, Preston",
        "Wed 10:30",
        "lancs-peer-nhs twoservices lancs-peer-app",
    ),
    Series(_L, Kind.WALK, "Walk and talk, Avenham Park", "Mon 11:00", "lancs-peer-app", weeks=2, minutes=60),
    Series(
        _M,
        Kind.CRAFT,
        "Craft group on the ward",
        "Thu 14:00",
        "mbu-peer-nhs-1 twoservices mbu-peer-volunteer",
        minutes=60,
        mode=Mode.WARD,
    ),
)
# Today's group for peerworker@: on her Today page, register not yet taken, whatever day the demo runs.
TODAY = Series(_B, Kind.WALK, "Walk and talk, Cannon Hill Park", "Mon 13:30", "peerworker", minutes=60)


@dataclass
class Meetings:
    """A group and its sessions so far, oldest first (its ground rules were agreed at them)."""

    group: Group
    held: list[GroupSession]


def build_groups(
    ctx: Context, services: dict[str, Service], staff: Staff, journeys: list[Journey]
) -> list[Meetings]:
    groups = {
        series: Group(service=services[series.service], name=series.title, kind=series.kind)
        for series in SERIES
    }
    Group.objects.bulk_create(groups.values())
    planned = [
        (series, _session(ctx, services, staff, series, day, n, groups[series]))
        for series, day, n in _occurrences(ctx)
    ]
    planned.append((TODAY, _session(ctx, services, staff, TODAY, ctx.today, 0, None)))
    GroupSession.objects.bulk_create(session for _, session in planned)
    came = {
        session: _came(ctx, series, session, journeys)
        for series, session in planned
        if session.register_taken
    }
    registers = [_attendance(session, j) for session, people in came.items() for j in people]
    Contact.objects.bulk_create(registers, batch_size=500)
    return [
        Meetings(group, sorted((s for s in came if s.group is group), key=lambda s: s.starts_at))
        for group in groups.values()
    ]


def _occurrences(ctx: Context) -> Iterator[tuple[Series, dt.date, int]]:
    start, stop = ctx.today - days(364), ctx.today + days(14)
    for series in SERIES:
        day = start + days((series.weekday - start.weekday()) % 7)
        n = 0
        while day <= stop:
            if day != ctx.today:  # today has its own group, so the Today page shows exactly one
                yield series, day, n
            day += days(7 * series.weeks)
            n += 1


def _session(
    ctx: Context,
    services: dict[str, Service],
    staff: Staff,
    series: Series,
    day: dt.date,
    n: int,
    group: Group | None,
) -> GroupSession:
    return GroupSession(
        service=services[series.service],
        group=group,
        kind=series.kind,
        title=series.title,
        starts_at=ctx.at(day, series.starts.hour, series.starts.minute),
        duration_minutes=series.minutes,
        mode=series.mode,
        led_by=staff.user(series.lead(n)),
        register_taken=day < ctx.today,
    )


def _came(ctx: Context, series: Series, session: GroupSession, journeys: list[Journey]) -> list[Journey]:
    """Who came: people in touch with the service that week (between first and last successful contact)."""
    day = session.starts_at.date()
    eligible = [
        j
        for j in journeys
        if j.service == session.service
        and j.is_mother != series.for_partners
        and j.first_success is not None
        and j.last_success is not None
        and j.first_success <= day <= j.last_success
    ]
    wanted = ctx.rng.randint(1, 5) if session.mode == Mode.WARD else ctx.rng.randint(2, 8)
    return ctx.rng.sample(eligible, min(wanted, len(eligible)))


def _attendance(session: GroupSession, j: Journey) -> Contact:
    return Contact(
        peer_support=j.peer_support,
        peer_worker=session.led_by,
        contact_with=Contact.With.MOTHER if j.is_mother else Contact.With.PARTNER,
        occurred_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        mode=session.mode,
        successful=True,
        group_session=session,
        note=f"Attended {session.title}",
    )
