"""Her private calendar feed, as iCalendar (RFC 5545), made with the icalendar library.

Three kinds of event: her weekly timetable (each slot repeats weekly), the groups she leads and
her planned visits. Times are UK wall-clock times with a VTIMEZONE for Europe/London, so a slot
at ten stays at ten through the change to and from summer time.

Nothing about the mothers she supports goes in: a visit is "Home visit" (or where it is), with
the postcode district of her home at most, never her name, NHS number, address or anything from
the visit's free-text "where" (ADR 0011).

To the letter of RFC 5545 (ADR 0043): each UID is `<kind>-<id>@` a fixed domain from settings,
never the request's host, so a calendar that reaches the feed by a new address keeps its events
rather than doubling them; X-PUBLISHED-TTL is a DURATION (PT1H), as REFRESH-INTERVAL is; and a
group session that is a week's meeting of one of her slots (same service, same name, at the
slot's time) is written once, as itself, with that week struck from the slot's RRULE by an EXDATE.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from alongside.lib.postcode import district
from alongside.support.models import GroupSession, Mode
from alongside.timetable.models import Slot
from alongside.visits.models import Visit

# Her timetable is UK wall-clock time, whatever the server's own time zone.
TZID = "Europe/London"
LONDON = ZoneInfo(TZID)
PRODID = "-//Alongside//Peer support calendar//EN"
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
PAST, AHEAD = dt.timedelta(days=30), dt.timedelta(days=90)  # groups and visits in the feed
REFRESH = dt.timedelta(hours=1)

VISIT_TITLES = {
    Visit.Venue.HOME: "Home visit",
    Visit.Venue.PUBLIC: "Visit at a café or public venue",
    Visit.Venue.NHS_PREMISES: "Visit at NHS premises",
    Visit.Venue.ELSEWHERE: "Visit",
}


def london() -> Timezone:
    """Europe/London as two yearly rules (the last Sundays of March and October, as since 1996).

    icalendar can write a VTIMEZONE from the tz database, but as a list of dates to 2037 that
    some calendar libraries misread (vobject keeps only the first date of each list); two RRULEs
    are what Outlook and Google write, read everywhere, and never run out. A test checks this
    against the tz database, hour by hour, through 2040.
    """
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", dt.datetime(1981, 3, 29, 1, 0))  # noqa: DTZ001 - local time, as RFC 5545 says
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    summer.add("tzoffsetfrom", dt.timedelta(hours=0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", dt.datetime(1996, 10, 27, 2, 0))  # noqa: DTZ001
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(hours=0))
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _uid(kind: str, pk: int) -> str:
    """The same on every host the feed is reached by, and never reused (ids are never reused)."""
    return f"{kind}-{pk}@{settings.CALENDAR_UID_DOMAIN}"


def _event(uid: str, stamp: dt.datetime, start: dt.datetime, end: dt.datetime, summary: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    # Private even in a calendar she shares: others see "busy", not what it is.
    event.add("class", "PRIVATE")
    return event


def first_day(slot: Slot) -> dt.date:
    """The slot's day in the week she added it: where its weekly repeats start."""
    added = slot.created_at.astimezone(LONDON).date()
    return added - dt.timedelta(days=added.weekday()) + dt.timedelta(days=slot.weekday)


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def is_meeting_of(session: GroupSession, slot: Slot) -> bool:
    """Whether a session is a week's meeting of a slot, so that the two are one event: in the same
    service, under the same name (what the slot is called, as her timetable shows it), on the
    slot's day at a time inside the slot, in a week the slot repeats in."""
    start = session.starts_at.astimezone(LONDON)
    end = start + dt.timedelta(minutes=session.duration_minutes)
    return (
        session.service_id == slot.membership.service_id
        and _words(slot.title) == _words(session.title)
        and start.weekday() == slot.weekday
        and start.date() >= first_day(slot)
        and slot.starts_at <= start.time()
        and end.date() == start.date()
        and end.time() <= slot.ends_at
    )


def meetings_of(slots: Iterable[Slot], sessions: Iterable[GroupSession]) -> dict[int, list[dt.datetime]]:
    """For each slot, the starts of its weekly repeats that a session stands for: its EXDATEs."""
    struck: dict[int, list[dt.datetime]] = defaultdict(list)
    for slot in slots:
        for session in sessions:
            if is_meeting_of(session, slot):
                day = session.starts_at.astimezone(LONDON).date()
                struck[slot.pk].append(dt.datetime.combine(day, slot.starts_at, tzinfo=LONDON))
    return struck


def slot_event(slot: Slot, stamp: dt.datetime, struck: Iterable[dt.datetime] = ()) -> Event:
    day = first_day(slot)
    event = _event(
        _uid("timetable-slot", slot.pk),
        stamp,
        dt.datetime.combine(day, slot.starts_at, tzinfo=LONDON),
        dt.datetime.combine(day, slot.ends_at, tzinfo=LONDON),
        slot.title,
    )
    event.add("rrule", {"freq": "weekly", "byday": BYDAY[slot.weekday]})
    if struck := sorted(set(struck)):
        event.add("exdate", struck)
    if slot.where:
        event.add("location", slot.where)
    lines = [slot.note, f"From your weekly timetable in Alongside ({slot.membership.service})"]
    event.add("description", "\n".join(line for line in lines if line))
    event.add("last-modified", slot.updated_at)
    return event


def group_event(session: GroupSession, stamp: dt.datetime) -> Event:
    start = session.starts_at.astimezone(LONDON)
    event = _event(
        _uid("group-session", session.pk),
        stamp,
        start,
        start + dt.timedelta(minutes=session.duration_minutes),
        session.title,
    )
    event.add("location", Mode(session.mode).label if session.mode in Mode.values else "")
    event.add("description", f"A group you lead ({session.get_kind_display()}), {session.service}")
    return event


def visit_event(visit: Visit, stamp: dt.datetime) -> Event:
    event = _event(
        _uid("visit", visit.pk),
        stamp,
        visit.starts_at.astimezone(LONDON),
        visit.expected_end_at.astimezone(LONDON),
        VISIT_TITLES.get(visit.venue, "Visit"),  # type: ignore[call-overload]
    )
    postcode = getattr(visit, "home_postcode", "")
    if visit.venue == Visit.Venue.HOME and postcode:
        event.add("location", district(postcode))
    with_whom = (
        "A colleague goes with you." if visit.companion_id else "You go alone: check in and out in Alongside."
    )
    event.add("description", f"{with_whom} The details are in Alongside.")
    return event


def calendar(
    *,
    slots: Iterable[Slot],
    sessions: Iterable[GroupSession],
    visits: Iterable[Visit],
    now: dt.datetime,
) -> Calendar:
    slots, sessions = list(slots), list(sessions)
    struck = meetings_of(slots, sessions)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Alongside")
    cal.add("name", "Alongside")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # An unregistered X- property: icalendar would write a timedelta as "1:00:00", which no client
    # reads as a duration. Outlook reads this one, so it is written as REFRESH-INTERVAL is.
    cal.add("x-published-ttl", vDuration(REFRESH))
    cal.add_component(london())
    for slot in slots:
        cal.add_component(slot_event(slot, now, struck.get(slot.pk, ())))
    for session in sessions:
        cal.add_component(group_event(session, now))
    for visit in visits:
        cal.add_component(visit_event(visit, now))
    return cal
