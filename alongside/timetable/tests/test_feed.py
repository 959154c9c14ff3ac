"""Her private calendar feed: valid iCalendar, readable by a second calendar library, private,
and reachable only through the secret in its address (ADR 0011); to the letter of RFC 5545 (ADR
0043): UIDs that no host changes, durations that are durations, and no event written twice."""

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from dateutil import rrule, tz  # type: ignore[import-untyped]
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, vDuration

from alongside.audit.models import AuditLog
from alongside.support import services as support_services
from alongside.timetable import feed, services
from alongside.timetable.models import CalendarFeed
from alongside.timetable.tests.conftest import add_slot, issue_feed
from alongside.visits.models import Visit
from conftest import client_for

LONDON = ZoneInfo("Europe/London")
NHS_NUMBER = "9434765919"


def fetch(path: str) -> Any:
    """As a calendar app fetches it: nobody logged in."""
    return Client().get(path, HTTP_USER_AGENT="Google-Calendar-Importer")


def body(path: str) -> str:
    response = fetch(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode()


@pytest.fixture
def week(peer_worker: Any) -> Any:
    """Her Tuesday morning and Thursday afternoon."""
    add_slot(peer_worker, 1, "10:00", "12:00", place="Sparkhill Children's Centre")
    add_slot(peer_worker, 3, "13:00", "15:00", activity="Craft and chat", support_form=None)
    return peer_worker


@pytest.fixture
def group(peer_worker: Any) -> Any:
    return support_services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        kind="coffee_morning",
        title="Coffee morning at St Agatha's",
        starts_at=timezone.now() + dt.timedelta(days=3),
        duration_minutes=90,
        mode="community",
    )


@pytest.fixture
def home_visit(allocated: Any, peer_worker: Any, clinician: Any) -> Visit:
    """A visit to Amira Khan's home, with her NHS number, postcode and directions on record."""
    person = allocated.person
    person.nhs_number, person.postcode = NHS_NUMBER, "B12 9QX"
    person.save()
    starts = timezone.now() + dt.timedelta(days=2)
    return Visit.objects.create(
        peer_support=allocated,
        peer_worker=peer_worker.user,
        venue=Visit.Venue.HOME,
        where="Flat 3, 27 Stoney Lane: ring twice",
        starts_at=starts,
        expected_end_at=starts + dt.timedelta(hours=1),
        companion=clinician.user,
    )


def test_the_feed_is_valid_icalendar_with_every_required_property(
    week: Any, group: Any, home_visit: Visit
) -> None:
    cal = Calendar.from_ical(body(issue_feed(week)))
    assert cal.name == "VCALENDAR"
    assert cal["VERSION"] == "2.0"
    assert str(cal["PRODID"]).startswith("-//Alongside//")
    events = cal.walk("VEVENT")
    assert len(events) == 4  # two slots, one group, one visit
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert prop in event, f"{prop} missing from {event.get('SUMMARY')}"
        assert event.decoded("DTSTAMP").tzinfo is not None  # DTSTAMP is in UTC
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert all(e["DTSTART"].params["TZID"] == "Europe/London" for e in events)


def test_the_feeds_time_zone_agrees_with_the_tz_database_hour_by_hour_through_2040() -> None:
    """Read by dateutil's own VTIMEZONE parser, not icalendar's, against Python's zoneinfo."""
    zone = tz.tzical(io.StringIO(feed.london().to_ical().decode())).get("Europe/London")
    moment = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    while moment.year < 2041:
        assert moment.astimezone(zone).utcoffset() == moment.astimezone(LONDON).utcoffset(), moment
        moment += dt.timedelta(hours=1)


def test_a_slot_repeats_weekly_on_its_day_at_the_same_uk_time_summer_and_winter(week: Any) -> None:
    """Read by a second, independent library (vobject, with dateutil's rrule), not icalendar."""
    calendar = vobject.readOne(body(issue_feed(week)))
    tuesday = next(e for e in calendar.vevent_list if e.summary.value == "One-to-one")
    assert tuesday.rrule.value == "FREQ=WEEKLY;BYDAY=TU"
    dates = list(
        tuesday.getrruleset(addRDate=True).between(
            dt.datetime(2027, 1, 1, tzinfo=LONDON), dt.datetime(2027, 8, 1, tzinfo=LONDON)
        )
    )
    assert len(dates) == 30  # every Tuesday from January to July
    assert all(d.weekday() == 1 for d in dates)
    assert {d.astimezone(LONDON).strftime("%H:%M") for d in dates} == {"10:00"}
    # Winter is GMT and summer BST: the same wall-clock time is an hour apart in UTC.
    utc_hours = {d.astimezone(dt.UTC).hour for d in dates}
    assert utc_hours == {9, 10}
    assert tuesday.location.value == "In the community: Sparkhill Children's Centre"


def test_a_visit_shows_no_personal_data_of_the_mother(peer_worker: Any, home_visit: Visit) -> None:
    text = body(issue_feed(peer_worker))
    unfolded = text.replace("\r\n ", "")
    for private in ("Amira", "Khan", NHS_NUMBER, "943 476 5919", "9QX", "Stoney Lane", "Flat 3"):
        assert private not in unfolded, f"{private} is in the feed"
    visit = Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(visit["SUMMARY"]) == "Home visit"
    assert str(visit["LOCATION"]) == "B12"
    assert str(visit["UID"]) == f"visit-{home_visit.pk}@alongside.calendar"
    assert str(visit["CLASS"]) == "PRIVATE"


def test_it_holds_her_groups_and_visits_in_the_window_and_nobody_elses(
    peer_worker: Any, partner_peer_worker: Any, group: Any, home_visit: Visit
) -> None:
    now = timezone.now()
    support_services.group_session_create(
        actor=partner_peer_worker.user,
        membership=partner_peer_worker,
        kind="cafe",
        title="Her colleague's café group",
        starts_at=now + dt.timedelta(days=1),
        duration_minutes=60,
        mode="community",
    )
    support_services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        kind="cafe",
        title="Café group next spring",
        starts_at=now + dt.timedelta(days=120),
        duration_minutes=60,
        mode="community",
    )
    cancelled = Visit.objects.create(
        peer_support=home_visit.peer_support,
        peer_worker=peer_worker.user,
        venue=Visit.Venue.PUBLIC,
        starts_at=now + dt.timedelta(days=5),
        expected_end_at=now + dt.timedelta(days=5, hours=1),
        cancelled_at=now,
        named_contact=partner_peer_worker.user,
    )
    add_slot(partner_peer_worker, 0, "09:00", "10:00")
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(body(issue_feed(peer_worker))).walk("VEVENT")]
    assert sorted(summaries) == ["Coffee morning at St Agatha's", "Home visit"]
    assert cancelled.pk  # cancelled, so not in it


def test_a_reset_stops_the_old_address_at_once_and_the_new_one_works(week: Any) -> None:
    old = issue_feed(week)
    assert fetch(old).status_code == 200
    new = issue_feed(week)
    assert new != old
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_turning_it_off_stops_the_address(week: Any) -> None:
    path = issue_feed(week)
    services.feed_stop(actor=week.user, membership=week)
    assert fetch(path).status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "x" * 43, "../../admin"])
def test_an_unknown_secret_is_404(week: Any, token: str) -> None:
    issue_feed(week)
    assert fetch(f"/calendar/{token}.ics").status_code == 404


def test_the_feed_stops_when_she_no_longer_works_here(week: Any) -> None:
    path = issue_feed(week)
    week.active = False
    week.save()
    assert fetch(path).status_code == 404


def test_only_a_hash_of_the_secret_is_kept(week: Any) -> None:
    path = issue_feed(week)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    row = CalendarFeed.objects.values_list().get()
    assert all(token not in str(value) for value in row)
    assert CalendarFeed.objects.get().token_prefix == token[:6]


@override_settings(MFA_REQUIRED=True)
def test_the_feed_needs_no_login_and_is_let_through_for_someone_without_two_factor(week: Any) -> None:
    path = issue_feed(week)
    assert fetch(path).status_code == 200
    assert client_for(week).get(path).status_code == 200
    assert client_for(week).get(reverse("timetable:mine")).status_code == 302  # other pages still ask


def test_every_fetch_is_noted_and_the_first_of_a_day_audited(week: Any) -> None:
    path = issue_feed(week)
    for _ in range(3):
        fetch(path)
    feed = CalendarFeed.objects.get()
    assert feed.fetch_count == 3 and feed.last_fetched_at is not None
    assert feed.last_fetched_by == "Google-Calendar-Importer"
    fetched = AuditLog.objects.filter(model="timetable.CalendarFeed", action="view")
    assert fetched.count() == 1
    assert "Google-Calendar-Importer" in fetched.get().summary
    CalendarFeed.objects.update(last_fetched_at=timezone.now() - dt.timedelta(days=1))
    fetch(path)
    assert fetched.count() == 2


def test_the_address_is_shown_once_after_it_is_made(peer_worker: Any) -> None:
    client = client_for(peer_worker)
    response = client.post(reverse("timetable:calendar"), {"action": "issue"}, follow=True)
    page = response.content.decode()
    assert "http://testserver/calendar/" in page
    address = page.split("http://testserver/calendar/")[1].split(".ics")[0]
    assert fetch(f"/calendar/{address}.ics").status_code == 200
    again = client.get(reverse("timetable:calendar")).content.decode()
    assert address not in again and "Reset the address" in again
    assert CalendarFeed.objects.get().token_prefix in again


def test_someone_else_cannot_make_or_reset_her_feed(peer_worker: Any, coordinator: Any) -> None:
    """The page acts on the feed of whoever is logged in: the co-ordinator's own, never hers."""
    path = issue_feed(peer_worker)
    client_for(coordinator).post(reverse("timetable:calendar"), {"action": "issue"})
    assert CalendarFeed.objects.filter(user=coordinator.user).exists()
    client_for(coordinator).post(reverse("timetable:calendar"), {"action": "stop"})
    assert not CalendarFeed.objects.filter(user=coordinator.user).exists()
    assert fetch(path).status_code == 200


def test_a_clinician_has_no_calendar_page(clinician: Any) -> None:
    assert client_for(clinician).get(reverse("timetable:calendar")).status_code == 403


# To the letter (ADR 0043) -------------------------------------------------------------------------


def test_the_uids_are_the_same_whichever_address_the_feed_is_fetched_by(
    week: Any, group: Any, home_visit: Visit
) -> None:
    path = issue_feed(week)
    by_host = {}
    for host in ("testserver", "localhost", "127.0.0.1"):
        response = Client().get(path, HTTP_HOST=host)
        assert response.status_code == 200
        events = Calendar.from_ical(response.content.decode()).walk("VEVENT")
        by_host[host] = sorted(str(e["UID"]) for e in events)
        assert all(host not in uid for uid in by_host[host])
    assert by_host["testserver"] == by_host["localhost"] == by_host["127.0.0.1"]
    assert all(uid.endswith("@alongside.calendar") for uid in by_host["testserver"])


@override_settings(CALENDAR_UID_DOMAIN="calendar.example.nhs.uk")
def test_a_deployment_names_its_own_uid_domain(week: Any) -> None:
    events = Calendar.from_ical(body(issue_feed(week))).walk("VEVENT")
    assert {str(e["UID"]).split("@")[1] for e in events} == {"calendar.example.nhs.uk"}


def test_the_refresh_and_published_ttl_are_iso_8601_durations_to_both_parsers(week: Any) -> None:
    text = body(issue_feed(week))
    unfolded = text.replace("\r\n ", "")
    assert "X-PUBLISHED-TTL:PT1H\r\n" in unfolded
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in unfolded
    cal = Calendar.from_ical(text)
    assert vDuration.from_ical(str(cal["X-PUBLISHED-TTL"].to_ical().decode())) == dt.timedelta(hours=1)
    second = vobject.readOne(text)
    assert second.contents["x-published-ttl"][0].value == "PT1H"
    assert re.fullmatch(r"P(T(\d+H)?(\d+M)?(\d+S)?|\d+[DW])", second.contents["x-published-ttl"][0].value)


def next_weekday(weekday: int, at_time: str) -> dt.datetime:
    """The next such weekday (not today) at that UK time, as an aware datetime."""
    today = timezone.localdate()
    day = today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return dt.datetime.combine(day, dt.time.fromisoformat(at_time), tzinfo=LONDON)


def coffee_morning(who: Any, starts_at: dt.datetime, title: str = "Tuesday coffee morning") -> Any:
    return support_services.group_session_create(
        actor=who.user,
        membership=who,
        kind="coffee_morning",
        title=title,
        starts_at=starts_at,
        duration_minutes=90,
        mode="community",
    )


def starts_between(text: str, since: dt.datetime, until: dt.datetime) -> dict[str, list[str]]:
    """Each event's start in [since, until), by summary, as each of two independent readers
    expands the feed: icalendar's parse with dateutil's rrule (applying EXDATE by hand), and
    vobject's own rruleset."""
    by_icalendar: list[str] = []
    for event in Calendar.from_ical(text).walk("VEVENT"):
        start = event.decoded("DTSTART")
        if "RRULE" in event:
            rule = rrule.rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
            exdates = event.get("EXDATE", [])
            struck = {
                d.dt for group in (exdates if isinstance(exdates, list) else [exdates]) for d in group.dts
            }
            starts = [s for s in rule.between(since, until, inc=True) if s not in struck]
        else:
            starts = [start] if since <= start < until else []
        by_icalendar += [f"{s:%a %H:%M} {event['SUMMARY']}" for s in starts]
    by_vobject: list[str] = []
    for event in vobject.readOne(text).vevent_list:
        rules = event.getrruleset(addRDate=True)  # None for an event that does not repeat
        start = event.dtstart.value
        starts = list(rules.between(since, until, inc=True)) if rules else [start] * (since <= start < until)
        by_vobject += [f"{s.astimezone(LONDON):%a %H:%M} {event.summary.value}" for s in starts]
    return {"icalendar": sorted(by_icalendar), "vobject": sorted(by_vobject)}


def test_a_weekly_slot_and_its_meeting_that_week_are_one_event_to_both_parsers(peer_worker: Any) -> None:
    add_slot(peer_worker, 1, "10:00", "12:00", activity="Tuesday coffee morning", support_form=None)
    session = coffee_morning(peer_worker, next_weekday(1, "10:30"))
    text = body(issue_feed(peer_worker))
    day = session.starts_at.astimezone(LONDON)
    that_day = starts_between(text, day.replace(hour=0, minute=0), day.replace(hour=23, minute=59))
    assert that_day["icalendar"] == that_day["vobject"] == ["Tue 10:30 Tuesday coffee morning"]
    # The week after, with no session, the slot is there as ever.
    week_after = day + dt.timedelta(days=7)
    after = starts_between(text, week_after.replace(hour=0, minute=0), week_after.replace(hour=23, minute=59))
    assert after["icalendar"] == after["vobject"] == ["Tue 10:00 Tuesday coffee morning"]


def test_a_session_of_another_name_or_outside_the_slot_is_its_own_event_beside_it(peer_worker: Any) -> None:
    add_slot(peer_worker, 1, "10:00", "12:00", activity="Tuesday coffee morning", support_form=None)
    other = coffee_morning(peer_worker, next_weekday(1, "10:30"), title="Baby massage taster")
    coffee_morning(peer_worker, next_weekday(1, "11:00") + dt.timedelta(days=7))  # ends 12:30: past the slot
    text = body(issue_feed(peer_worker))
    day = other.starts_at.astimezone(LONDON)
    fortnight = starts_between(text, day.replace(hour=0, minute=0), day + dt.timedelta(days=7, hours=14))
    expected = [
        "Tue 10:00 Tuesday coffee morning",
        "Tue 10:00 Tuesday coffee morning",
        "Tue 10:30 Baby massage taster",
        "Tue 11:00 Tuesday coffee morning",
    ]
    assert fortnight["icalendar"] == fortnight["vobject"] == expected
    assert "EXDATE" not in text


def test_the_checker_sees_a_duplicate(peer_worker: Any) -> None:
    """Without the EXDATE the slot's meeting would show twice: the two readers count both."""
    slot = add_slot(peer_worker, 1, "10:00", "12:00", activity="Tuesday coffee morning", support_form=None)
    session = coffee_morning(peer_worker, next_weekday(1, "10:30"))
    now = timezone.now()
    twice = feed.calendar(slots=[slot], sessions=[], visits=[], now=now)
    twice.add_component(feed.group_event(session, now))
    day = session.starts_at.astimezone(LONDON)
    found = starts_between(
        twice.to_ical().decode(), day.replace(hour=0, minute=0), day.replace(hour=23, minute=59)
    )
    assert (
        found["icalendar"]
        == found["vobject"]
        == [
            "Tue 10:00 Tuesday coffee morning",
            "Tue 10:30 Tuesday coffee morning",
        ]
    )
