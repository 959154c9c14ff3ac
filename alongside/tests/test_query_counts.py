"""List pages run a fixed number of queries whatever the number of rows (no N+1)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.support import services
from conftest import client_for, refer


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
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES: list[tuple[str, str, Callable[[Any], str]]] = [
    ("coordinator", "people:list", lambda w: reverse("people:list")),
    ("coordinator", "people:list all", lambda w: reverse("people:list") + "?status=all"),
    ("peer_worker", "people:list", lambda w: reverse("people:list")),
    ("coordinator", "support:unallocated", lambda w: reverse("support:unallocated")),
    ("coordinator", "dashboard:coordinator", lambda w: reverse("dashboard:coordinator")),
    ("peer_worker", "support:today", lambda w: reverse("support:today")),
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
