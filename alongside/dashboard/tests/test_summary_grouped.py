"""The national summary is grouped by service: it runs as many queries for three services as for one
(at national size, 66), and each service's figures are those it has when measured alone."""

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.dashboard import summary
from alongside.lib.suppression import suppress
from alongside.organisations.models import ICB, Membership, Role, Service
from alongside.support import metrics
from alongside.support import services as support_services
from alongside.transitions import metrics as transition_metrics
from alongside.transitions.models import TransitionSettings
from alongside.transitions.tests.conftest import allocate, contact, days_ago, move
from conftest import client_for, make_member, refer

pytestmark = pytest.mark.django_db


def busy(service: Service, name: str, into: Service | None = None) -> None:
    """A year at a service: referrals, support, contacts, a group, a discharge, and a transfer
    (into `into` when given, so that one event counts at two services)."""
    clinician = make_member(service, Role.CLINICIAN, f"{name}-clinician")
    coordinator = make_member(service, Role.COORDINATOR, f"{name}-coordinator")
    worker = make_member(service, Role.PEER_WORKER, f"{name}-peer")
    people = [refer(clinician, given_name=f"{name}{i}", nhs_number="") for i in range(10)]
    for ps in people[:8]:
        allocate(coordinator, ps, worker)
        contact(ps, worker, days_ago(20))
    session = support_services.group_session_create(
        actor=worker.user,
        membership=worker,
        kind="cafe",
        title=f"{name} café",
        starts_at=timezone.now() - dt.timedelta(days=3),
        duration_minutes=90,
        mode="community",
    )
    support_services.group_register_take(
        actor=worker.user, membership=worker, session=session, attendees=people[:4]
    )
    for i, ps in enumerate(people[:3]):  # discharged 40 days ago; two kept in touch the week after
        move(clinician, ps.person, kind="discharge", destination="gp", occurred_on=days_ago(40))
        if i < 2:
            contact(ps, worker, days_ago(35))
    move(clinician, people[3].person, to_service=into, occurred_on=days_ago(50))
    move(clinician, people[4].person, kind="discharge", destination="gp", occurred_on=days_ago(3))


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def another_service(name: str, like: Service) -> Service:
    return Service.objects.create(name=name, kind=like.kind, trust=like.trust, icb=like.icb)


def test_the_summary_runs_the_same_queries_for_one_service_and_for_three(
    service: Service, other_service: Service, national_reviewer: Membership
) -> None:
    other_service.delete()  # the national reviewer sees every service: start with one
    busy(service, "first")
    client = client_for(national_reviewer)
    one = queries(client, "/dashboard/summary/")
    second = another_service("Second Perinatal Team", service)
    third = another_service("Third Perinatal Team", service)
    busy(second, "second", into=third)
    busy(third, "third", into=service)
    cache.clear()  # the rows made for one service are kept for five minutes: make them again
    three = queries(client, "/dashboard/summary/")
    assert [row.service for row in summary.summary_rows(national_reviewer, today=timezone.localdate())] == [
        "Birmingham Community Perinatal Team",
        "Second Perinatal Team",
        "Third Perinatal Team",
    ]
    assert one == three, f"{one} queries for one service, {three} for three"


def test_each_service_s_grouped_figures_are_its_figures_measured_alone(
    service: Service, other_service: Service, national_reviewer: Membership
) -> None:
    third = another_service("Third Perinatal Team", service)
    busy(service, "first", into=other_service)
    busy(other_service, "second", into=third)
    busy(third, "third", into=service)
    TransitionSettings.objects.create(service=other_service, continuity_days=10)  # windows differ
    today = timezone.localdate()
    start, end = metrics.last_12_months(today)
    services = [service, other_service, third]
    grouped = transition_metrics.continuity_by_service(services, start=start, end=end, today=today)
    for s in services:
        alone = transition_metrics.continuity(s, start=start, end=end, today=today)
        counts = (alone.continued, alone.lapsed, alone.waiting, alone.days)
        assert (
            grouped[s.pk].continued,
            grouped[s.pk].lapsed,
            grouped[s.pk].waiting,
            grouped[s.pk].days,
        ) == counts
        assert alone.decided > 0 and alone.waiting > 0  # the data reaches every outcome
    # The transfer into `service` counts there and at the service it left, as each alone says.
    assert grouped[service.pk].decided == 5 and grouped[third.pk].decided == 4 + 1
    rows = {row.service: row for row in summary.summary_rows(national_reviewer, today=today)}
    for s in services:
        a = metrics.activity(s, start, end)
        alone = transition_metrics.continuity(s, start=start, end=end, today=today)
        row = rows[s.name]
        assert (row.referred, row.reached, row.one_to_one_contacts, row.group_attendances) == (
            suppress(a.referred, national=True),
            suppress(a.reached, national=True),
            suppress(a.one_to_one_contacts, national=True),
            suppress(a.group_attendances, national=True),
        )
        assert (row.transitions, row.kept_support) == transition_metrics.for_aggregates(alone, national=True)


def test_a_second_look_reads_the_kept_rows_until_they_are_five_minutes_old(
    service: Service, other_service: Service, national_reviewer: Membership
) -> None:
    busy(service, "first")
    busy(other_service, "second")
    today = timezone.localdate()
    first = summary.kept_summary(national_reviewer, today=today)
    with CaptureQueriesContext(connection) as kept:
        again = summary.kept_summary(national_reviewer, today=today)
    assert again == first and len(kept.captured_queries) == 1  # the cache, nothing else
    assert first.rows == summary.made_rows(national_reviewer, today=today)

    worker = Membership.objects.get(service=other_service, role=Role.PEER_WORKER)
    ps = metrics.in_peer_support_now([other_service]).first()
    assert ps is not None
    for _ in range(8):  # enough to move the suppressed count
        contact(ps, worker, days_ago(2))
    assert summary.kept_summary(national_reviewer, today=today) == first  # as the page says
    page = client_for(national_reviewer).get("/dashboard/summary/").content.decode()
    made = timezone.localtime(first.made_at).strftime("%H:%M")
    assert f"Figures made at {made}; they are made afresh every 5 minutes." in page
    cache.clear()  # as when they expire, SUMMARY_KEPT after they were made
    fresh = summary.kept_summary(national_reviewer, today=today)
    before = {row.service: row.one_to_one_contacts for row in first.rows}
    after = {row.service: row.one_to_one_contacts for row in fresh.rows}
    assert after[service.name] == before[service.name]
    assert after[other_service.name] != before[other_service.name]


def test_kept_rows_are_kept_for_the_scope_that_asked(
    service: Service, other_service: Service, national_reviewer: Membership, commissioner: Membership
) -> None:
    """A national reviewer's rows (every service) never answer a commissioner (her ICB's) or a
    service's own summary, made the same day from the same data."""
    elsewhere = ICB.objects.create(name="Elsewhere ICB", region=service.icb.region)
    Service.objects.filter(pk=other_service.pk).update(icb=elsewhere)
    busy(service, "first")
    busy(other_service, "second")
    today = timezone.localdate()
    everyone = {row.service for row in summary.summary_rows(national_reviewer, today=today)}
    assert everyone == {service.name, other_service.name}
    theirs = {row.service for row in summary.summary_rows(commissioner, today=today)}
    assert theirs == {service.name}
    coordinator = Membership.objects.get(service=other_service, role=Role.COORDINATOR)
    assert {row.service for row in summary.summary_rows(coordinator, today=today)} == {other_service.name}


def test_the_dashboard_keeps_its_year_until_a_new_row_is_written_at_her_service(
    service: Service, other_service: Service, coordinator: Membership
) -> None:
    busy(service, "first")
    busy(other_service, "second")
    client = client_for(coordinator)
    made = queries(client, "/dashboard/")
    kept = queries(client, "/dashboard/")
    assert kept < made  # the year's figures and continuity read back, not made again
    today = timezone.localdate()
    activity, _ = summary.service_year(coordinator, today=today)
    elsewhere = metrics.in_peer_support_now([other_service]).first()
    assert elsewhere is not None
    contact(elsewhere, Membership.objects.get(service=other_service, role=Role.PEER_WORKER), days_ago(1))
    with CaptureQueriesContext(connection) as read_back:
        assert summary.service_year(coordinator, today=today)[0] == activity
    assert len(read_back.captured_queries) == 2  # her service's version, and the cache: not remade
    worker = Membership.objects.get(
        service=service, role=Role.PEER_WORKER, user__username__startswith="first"
    )
    ps = metrics.in_peer_support_now([service]).first()
    assert ps is not None
    contact(ps, worker, days_ago(1))
    after, _ = summary.service_year(coordinator, today=today)
    assert after.one_to_one_contacts == activity.one_to_one_contacts + 1
    start, end = metrics.last_12_months(today)
    assert after == metrics.activity(service, start, end)
