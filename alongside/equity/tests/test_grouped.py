"""The equity breakdowns are counted by the database (grouped counts), and each count is the one the
per-person definition gives: the groups of groups.py (age_band, language_name, postcode.district)
applied to each person's row. The data is made for the edges: a birthday on the day of referral,
29 February, postcodes typed every way, languages in odd case, someone referred twice across a
birthday, and nothing recorded at all."""

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.equity import metrics
from alongside.equity.groups import age_band
from alongside.equity.models import Dimension
from alongside.organisations.models import Membership
from alongside.people.models import Person
from alongside.support import services
from alongside.support.models import PeerSupport, Status
from conftest import refer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def years_before(day: dt.date, years: int, *, days: int = 0) -> dt.date:
    try:
        born = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        born = day.replace(year=day.year - years, day=28)
    return born + dt.timedelta(days=days)


# (postcode, language, ethnic category, date of birth as (years, days) before referral or None)
PEOPLE: list[tuple[str, str, str | None, tuple[int, int] | None]] = [
    ("B12 9QR", "English", "A", (20, 0)),  # 20 today: in "20 to 24"
    ("b129qr", "english", "A", (20, 1)),  # born a day later: still 19
    (" B1  2AB", "Urdu", "J", (24, 365)),
    ("m1 1ae ", "urdu ", "J", (35, 0)),
    ("SW1A 1AA", "  polish", None, (40, 0)),
    ("EC1A1BB", "Polish", "M", (39, 364)),
    ("", "", None, None),  # nothing recorded
    ("W1A 0AX", "Bengali  Sylheti", "K", (17, 0)),
    ("LS1 4AP", "bengali sylheti", "K", (55, 3)),
    ("B1", "English", "A", (25, -1)),  # a short postcode (only its district) stays as it is
]


def make(clinician: Membership, coordinator: Membership, peer_worker: Membership) -> None:
    """PEOPLE referred; every other one supported, every third reached; one referred again later."""
    today = TODAY()
    for i, (code, language, ethnic, born) in enumerate(PEOPLE):
        ps = refer(clinician, given_name=f"Person{i}", nhs_number="")
        referred_on = today - dt.timedelta(days=30 + i)
        PeerSupport.objects.filter(pk=ps.pk).update(referred_on=referred_on)
        # Written as an import or an old record might hold it, past the form's tidying.
        Person.objects.filter(pk=ps.person_id).update(
            postcode=code,
            preferred_language=language,
            ethnic_category_id=ethnic,
            date_of_birth=None if born is None else years_before(referred_on, born[0], days=born[1]),
        )
        if i % 2 == 0:
            services.allocation_create(
                actor=coordinator.user,
                membership=coordinator,
                peer_support=ps,
                peer_workers=[peer_worker.user],
            )
        if i % 3 == 0:
            services.contact_log(
                actor=peer_worker.user,
                membership=peer_worker,
                peer_support=ps,
                occurred_at=timezone.now() - dt.timedelta(days=2),
                duration_minutes=30,
                mode="phone",
                successful=True,
            )
    # Person1 turns 20 the day after her first referral: referred again 40 days later, she is
    # counted once, at the age of her first referral.
    first = PeerSupport.objects.get(person__given_name="Person1")
    PeerSupport.objects.create(
        person=first.person,
        service=first.service,
        referred_by=clinician.user,
        referred_on=first.referred_on + dt.timedelta(days=40),
        status=Status.REFERRED,
        status_changed_on=first.referred_on + dt.timedelta(days=40),
    )


def per_person(service: Any, start: dt.date, end: dt.date) -> dict[str, dict[str, Counter[str]]]:
    people = metrics.people_by_measure(service, start, end)
    return {
        m: {d: Counter(metrics._category(d, row) for row in rows) for d in Dimension.values}
        for m, rows in people.items()
    }


def test_grouped_counts_are_the_per_person_counts(
    clinician: Membership, coordinator: Membership, peer_worker: Membership
) -> None:
    make(clinician, coordinator, peer_worker)
    start, end = TODAY() - dt.timedelta(days=364), TODAY()
    grouped = metrics.counts_by_measure(clinician.service, start, end)
    assert grouped == per_person(clinician.service, start, end)
    referred = grouped["referred"]
    assert referred[Dimension.AREA]["B12"] == 2 and referred[Dimension.AREA]["B1"] == 2
    assert referred[Dimension.LANGUAGE] == Counter(
        {"English": 3, "Urdu": 2, "Polish": 2, "Bengali Sylheti": 2, "Not recorded": 1}
    )
    assert referred[Dimension.AGE_BAND]["Under 20"] == 2  # Person1 at her first referral, and 17
    assert sum(referred[Dimension.ETHNIC_CATEGORY].values()) == len(PEOPLE)


def test_the_bands_in_the_query_are_age_band_on_every_day_of_a_leap_year(
    clinician: Membership,
) -> None:
    """Born on 29 February and on each side of it, referred on every day around her birthdays."""
    births = [dt.date(2004, 2, 29), dt.date(2004, 2, 28), dt.date(2004, 3, 1), dt.date(1986, 12, 31)]
    ps = refer(clinician, given_name="Leap", nhs_number="")
    for born in births:
        Person.objects.filter(pk=ps.person_id).update(date_of_birth=born)
        for referred_on in [dt.date(2024, 2, 27) + dt.timedelta(days=n) for n in range(4)] + [
            dt.date(2026, 12, 30) + dt.timedelta(days=n) for n in range(3)
        ]:
            PeerSupport.objects.filter(pk=ps.pk).update(referred_on=referred_on)
            counted = metrics.counts_by_measure(clinician.service, referred_on, referred_on)
            assert counted["referred"][Dimension.AGE_BAND] == {age_band(born, referred_on): 1}, (
                born,
                referred_on,
            )


def test_equity_runs_the_same_queries_for_few_people_and_many(
    clinician: Membership, coordinator: Membership, peer_worker: Membership
) -> None:
    start, end = TODAY() - dt.timedelta(days=364), TODAY()
    refer(clinician, given_name="Alone")
    with CaptureQueriesContext(connection) as few:
        metrics.equity_report(clinician.service, start, end)
    make(clinician, coordinator, peer_worker)
    with CaptureQueriesContext(connection) as many:
        report = metrics.equity_report(clinician.service, start, end)
    assert len(few) == len(many)
    assert report.totals["referred"] == "10"  # 10 people, one referred twice, rounded to 5
