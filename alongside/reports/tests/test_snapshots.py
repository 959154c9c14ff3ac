"""Report snapshots (ADR 0030): the page and each download share one build of the figures; anything
new in the service's data builds them again; one service's snapshot is never another's, and the
access check comes before any snapshot is read."""

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.organisations.models import Membership, Service
from alongside.outcomes import services as outcome_services
from alongside.outcomes.models import Scope
from alongside.reports import figures, snapshots
from alongside.reports.models import ReportQuote
from alongside.reports.shown import shown
from alongside.support import services
from alongside.support.models import PeerSupport
from conftest import client_for, make_member, refer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
START = TODAY() - dt.timedelta(days=30)
PERIOD = {"start": START.isoformat(), "end": TODAY().isoformat()}


def contacts(service: Service, n: int, name: str) -> PeerSupport:
    """n successful one-to-one contacts with one mother at the service."""
    clinician = make_member(service, "clinician", f"{name}-clinician")
    coordinator = make_member(service, "coordinator", f"{name}-coordinator")
    worker = make_member(service, "peer_worker", f"{name}-peer")
    ps = refer(clinician, given_name=name)
    services.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[worker.user]
    )
    for k in range(n):
        log(ps, worker, days_ago=3 + k)
    return ps


def log(ps: PeerSupport, worker: Membership, days_ago: int = 1) -> None:
    services.contact_log(
        actor=worker.user,
        membership=worker,
        peer_support=ps,
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        duration_minutes=45,
        mode="home",
        successful=True,
    )


def sql(step: Any) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        step()
    return [q["sql"] for q in ctx.captured_queries]


def figure_queries(service: Service) -> set[str]:
    """What building the report's figures asks the database, less the quotes, read every time."""
    built = set(sql(lambda: figures.build(service, START, TODAY())))
    return built - set(sql(lambda: figures.quotes(service, TODAY())))


def get(client: Any, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, PERIOD)
    assert response.status_code == 200, url
    return response.content.decode(errors="replace"), [q["sql"] for q in ctx.captured_queries]


def one_to_one(body: str) -> str:
    """The figure after "One-to-one contacts" in the page's Contacts and groups table."""
    after = body.split("One-to-one contacts</th>", 1)[1]
    return after.split("</td>", 1)[0].rsplit(">", 1)[1].strip()


def test_the_downloads_after_the_page_build_no_figures(service: Service, commissioner: Membership) -> None:
    contacts(service, 9, "Busy")
    client = client_for(commissioner)
    _, first = get(client, f"/reports/{service.pk}/")
    built = figure_queries(service)
    assert built and built <= set(first)  # the page built the figures
    for fmt in ("csv", "xlsx", "pdf"):
        _, later = get(client, f"/reports/{service.pk}/{fmt}/")
        assert not built & set(later), f"the {fmt} built figures again"
        assert len(later) < len(first) / 3
    _, again = get(client, f"/reports/{service.pk}/")
    assert not built & set(again)


def test_a_contact_logged_after_the_snapshot_builds_the_report_again(
    service: Service, commissioner: Membership
) -> None:
    ps = contacts(service, 7, "Seven")
    client = client_for(commissioner)
    body, _ = get(client, f"/reports/{service.pk}/")
    assert one_to_one(body) == "*"  # 7: hidden
    log(ps, make_member(service, "peer_worker", "another-peer"))
    body, queries = get(client, f"/reports/{service.pk}/")
    assert figure_queries(service) <= set(queries)
    assert one_to_one(body) == "10"  # 8, rounded to the nearest 5


def test_each_service_has_its_own_snapshot_and_access_is_checked_first(
    service: Service, other_service: Service, commissioner: Membership, national_reviewer: Membership
) -> None:
    neighbour = Service.objects.create(
        name="Solihull Perinatal Team", kind=service.kind, trust=service.trust, icb=service.icb
    )
    contacts(service, 7, "Few")
    contacts(neighbour, 12, "Many")
    contacts(other_service, 12, "Elsewhere")
    client = client_for(commissioner)
    mine, _ = get(client, f"/reports/{service.pk}/")
    theirs, queries = get(client, f"/reports/{neighbour.pk}/")
    assert figure_queries(neighbour) <= set(queries)  # built for itself, not read from the other
    assert (one_to_one(mine), one_to_one(theirs)) == ("*", "10")
    # Two services with no data yet have the same data version: the service is in the key too.
    quiet = [
        Service.objects.create(
            name=f"Quiet Team {n}", kind=service.kind, trust=service.trust, icb=service.icb
        )
        for n in (1, 2)
    ]
    assert snapshots.data_version(quiet[0]) == snapshots.data_version(quiet[1])
    first, _ = get(client, f"/reports/{quiet[0].pk}/")
    second, _ = get(client, f"/reports/{quiet[1].pk}/")
    assert "Quiet Team 1" in first and "Quiet Team 2" in second and "Quiet Team 1" not in second
    # A snapshot of a service outside her ICB exists; she still may not see it.
    get(client_for(national_reviewer), f"/reports/{other_service.pk}/")
    assert client.get(f"/reports/{other_service.pk}/", PERIOD).status_code == 404
    assert client.get(f"/reports/{other_service.pk}/pdf/", PERIOD).status_code == 404


def test_a_snapshot_holds_the_shown_figures_and_no_quote(
    service: Service, coordinator: Membership, commissioner: Membership
) -> None:
    contacts(service, 9, "Quoted")
    story = outcome_services.story_create(
        actor=coordinator.user,
        membership=coordinator,
        fields={"teller": "mother", "quote": "She listened to me"},
        themes=[],
        consents=[Scope.COMMISSIONERS],
        consent_on=TODAY() - dt.timedelta(days=10),
    )
    ReportQuote.objects.create(
        service=service, story=story, chosen_by=coordinator.user, chosen_at=timezone.now()
    )
    client = client_for(commissioner)
    body, _ = get(client, f"/reports/{service.pk}/")
    assert "She listened to me" in body
    stored = cache.get(snapshots.key(service, START, TODAY(), TODAY(), snapshots.data_version(service)))
    assert stored is not None and stored["quotes"] == []
    assert "She listened to me" not in repr(stored) and "Quoted" not in repr(stored)
    # Read from the snapshot, the page still shows the quote: it is read afresh each time.
    body, queries = get(client, f"/reports/{service.pk}/")
    assert not figure_queries(service) & set(queries) and "She listened to me" in body


def test_the_data_version_changes_with_what_the_report_reads(service: Service, clinician: Membership) -> None:
    ps = contacts(service, 2, "Versioned")
    before = snapshots.data_version(service)
    assert snapshots.data_version(service) == before  # reading changes nothing
    refer(clinician, given_name="New")
    after_referral = snapshots.data_version(service)
    assert after_referral != before
    PeerSupport.objects.filter(pk=ps.pk).delete()  # erased, written by no member of staff
    assert snapshots.data_version(service) not in (before, after_referral)


def test_a_report_read_back_from_its_snapshot_is_the_report_that_was_built(
    service: Service, coordinator: Membership, peer_worker: Membership, clinician: Membership
) -> None:
    contacts(service, 9, "Kept")
    built = shown(figures.build(service, START, TODAY()))
    stored = snapshots._stored(built)
    assert snapshots._restored(stored) == dataclasses.replace(built, quotes=[])
    cache.set("round-trip", stored)
    assert snapshots._restored(cache.get("round-trip")) == snapshots._restored(stored)
