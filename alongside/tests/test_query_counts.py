"""List pages run a fixed number of queries whatever the number of rows (no N+1)."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.organisations.models import ICB, Membership, Organisation, Region, Role, Service
from alongside.support import services
from conftest import client_for, make_member, refer


def grow(clinician: Any, coordinator: Any, peer_worker: Any, partner_peer_worker: Any, n: int) -> None:
    """Add n referrals: half allocated jointly with contacts and a group attendance, half waiting."""
    session = services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        kind="cafe",
        title=f"Café {n}",
        starts_at=timezone.now() - dt.timedelta(hours=3),
        duration_minutes=60,
        mode="community",
    )
    attendees = []
    for i in range(n):
        ps = refer(clinician, given_name=f"Person{n}x{i}")
        if i % 2:
            continue
        services.allocation_create(
            actor=coordinator.user,
            membership=coordinator,
            peer_support=ps,
            peer_workers=[peer_worker.user, partner_peer_worker.user],
        )
        services.contact_log(
            actor=peer_worker.user,
            membership=peer_worker,
            peer_support=ps,
            contact_with="mother",
            occurred_at=timezone.now() - dt.timedelta(days=20),
            duration_minutes=30,
            mode="home",
            successful=True,
            note="",
        )
        services.status_change(
            actor=coordinator.user,
            membership=coordinator,
            peer_support=ps,
            status="deferred",
            note="Unwell",
            review_on=timezone.localdate() + dt.timedelta(days=5),
        ) if i % 4 == 2 else None
        attendees.append(ps)
    services.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=session, attendees=attendees
    )


def count(client: Any, url: str) -> int:
    """Queries of the page made afresh: nothing kept from an earlier look (the summary's rows)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES: list[tuple[str, str, Callable[[Any], str]]] = [
    ("coordinator", "people:list", lambda w: reverse("people:list")),
    ("coordinator", "people:list all", lambda w: reverse("people:list") + "?status=all"),
    ("coordinator", "people:list quiet", lambda w: reverse("people:list") + "?status=quiet&order=contact"),
    ("coordinator", "people:list searched", lambda w: reverse("people:list") + "?q=Person&status=all"),
    ("manager", "people:list", lambda w: reverse("people:list")),
    ("peer_worker", "people:list", lambda w: reverse("people:list")),
    ("peer_worker", "people:list by contact", lambda w: reverse("people:list") + "?order=contact"),
    ("coordinator", "support:unallocated", lambda w: reverse("support:unallocated")),
    ("coordinator", "dashboard:coordinator", lambda w: reverse("dashboard:coordinator")),
    (
        "coordinator",
        "dashboard:coordinator deferred",
        lambda w: reverse("dashboard:coordinator") + "?deferred=2",
    ),
    ("peer_worker", "home:today", lambda w: reverse("home:today")),
    ("coordinator", "home:today", lambda w: reverse("home:today")),
    ("peer_worker", "support:groups", lambda w: reverse("support:groups")),
    ("commissioner", "dashboard:summary", lambda w: reverse("dashboard:summary")),
    ("coordinator", "support:allocate", lambda w: reverse("support:allocate", args=[w])),
    ("peer_worker", "support:register", lambda w: reverse("support:register", args=[w])),
]


@pytest.mark.parametrize(("role", "label", "url_for"), PAGES, ids=[p[1] + " as " + p[0] for p in PAGES])
def test_a_list_page_runs_the_same_queries_for_few_rows_and_many(
    role: str,
    label: str,
    url_for: Callable[[Any], str],
    request: pytest.FixtureRequest,
    clinician: Any,
    coordinator: Any,
    peer_worker: Any,
    partner_peer_worker: Any,
    commissioner: Any,
) -> None:
    client = client_for(request.getfixturevalue(role))
    target = refer(clinician, given_name="Target")
    if "register" in label:
        from alongside.support.models import GroupSession

        grow(clinician, coordinator, peer_worker, partner_peer_worker, 4)
        target = GroupSession.objects.get(title="Café 4")
    else:
        grow(clinician, coordinator, peer_worker, partner_peer_worker, 4)
    few = count(client, url_for(target.pk))
    grow(clinician, coordinator, peer_worker, partner_peer_worker, 30)
    many = count(client, url_for(target.pk))
    assert few == many, f"{label}: {few} queries with few rows, {many} with many"


def another_service(name: str) -> tuple[Membership, Membership, Membership, Membership]:
    """A further service, in its own region, ICB and Trust, with a clinician, a co-ordinator and two
    peer workers: what a national database has 66 of."""
    region = Region.objects.create(name=f"Region {name}")
    icb = ICB.objects.create(name=f"ICB {name}", region=region)
    trust = Organisation.objects.create(name=f"Trust {name}", kind=Organisation.Kind.NHS_TRUST)
    service = Service.objects.create(
        name=f"Service {name}", kind=Service.Kind.COMMUNITY_PERINATAL, trust=trust, icb=icb
    )
    roles = [Role.CLINICIAN, Role.COORDINATOR, Role.PEER_WORKER, Role.PEER_WORKER]
    clinician, coordinator, peer, partner = (
        make_member(service, role, f"{name}{i}") for i, role in enumerate(roles)
    )
    return clinician, coordinator, peer, partner


# The pages this checks at two numbers of services: each is about one service, so another service
# with its own people, contacts, groups and deferrals must add no query.
SERVICE_PAGES = [
    p for p in PAGES if p[1] not in ("dashboard:summary", "support:allocate", "support:register")
]


@pytest.mark.parametrize(
    ("role", "label", "url_for"), SERVICE_PAGES, ids=[p[1] + " as " + p[0] for p in SERVICE_PAGES]
)
def test_a_page_runs_the_same_queries_with_one_service_and_with_three(
    role: str,
    label: str,
    url_for: Callable[[Any], str],
    request: pytest.FixtureRequest,
    clinician: Any,
    coordinator: Any,
    peer_worker: Any,
    partner_peer_worker: Any,
) -> None:
    client = client_for(request.getfixturevalue(role))
    target = refer(clinician, given_name="Target")
    grow(clinician, coordinator, peer_worker, partner_peer_worker, 30)
    one = count(client, url_for(target.pk))
    for name in ("north", "south"):
        grow(*another_service(name), 30)
    three = count(client, url_for(target.pk))
    assert one == three, f"{label}: {one} queries with one service, {three} with three"


def test_the_lists_show_a_bounded_number_of_rows_however_many_there_are(
    clinician: Any, coordinator: Any, peer_worker: Any, partner_peer_worker: Any
) -> None:
    """60 referrals: the dashboard shows its first 10 waiting and says how many in all; the people
    list shows a page of 50 and says how many."""
    grow(clinician, coordinator, peer_worker, partner_peer_worker, 120)
    client = client_for(coordinator)
    dashboard = client.get(reverse("dashboard:coordinator")).content.decode()
    assert "Oldest first (the first 10 of 60)" in dashboard
    assert "Soonest review first (1 to 25 of 30)" in dashboard
    people = client.get(reverse("people:list") + "?status=all").content.decode()
    assert "120 people" in people
    assert len(re.findall(r'href="/people/\d+/"', people)) == 50
