"""The supervision lists run a fixed number of queries whatever the number of peer workers."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.organisations.models import Role
from alongside.workforce import services
from alongside.workforce.models import Kind
from alongside.workforce.tests.conftest import days_ago, supervise
from conftest import client_for, make_member


def grow(service: Any, coordinator: Any, peer_worker_other: Any, n: int) -> None:
    """n more peer workers, each with NHS and peer supervision, some missing wellbeing, and actions."""
    for i in range(n):
        her = make_member(service, Role.PEER_WORKER, f"peer{n}x{i}")
        for days in (50, 20):
            supervise(coordinator, her, held_on=days_ago(days), wellbeing_discussed=bool(i % 2))
        session = supervise(
            her, her, kind=Kind.PEER_TO_PEER, held_on=days_ago(i % 40), supervisors=[peer_worker_other.user]
        )
        services.action_add(
            actor=her.user,
            membership=her,
            supervision=session,
            need="training",
            description=f"Training {n}x{i}",
            owner=her.user,
            due_on=days_ago(-10),
        )


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("role", "name"), [("coordinator", "workforce:team"), ("coordinator", "workforce:mine")]
)
def test_a_supervision_list_runs_the_same_queries_for_few_peer_workers_and_many(
    role: str,
    name: str,
    request: pytest.FixtureRequest,
    service: Any,
    coordinator: Any,
    peer_worker_other: Any,
) -> None:
    client = client_for(request.getfixturevalue(role))
    grow(service, coordinator, peer_worker_other, 3)
    few = count(client, reverse(name))
    grow(service, coordinator, peer_worker_other, 25)
    many = count(client, reverse(name))
    assert few == many, f"{name}: {few} queries with few peer workers, {many} with many"


def test_her_own_page_runs_the_same_queries_for_few_supervisions_and_many(
    coordinator: Any, peer_worker: Any
) -> None:
    client = client_for(peer_worker)
    supervise(coordinator, peer_worker, held_on=days_ago(100))
    few = count(client, reverse("workforce:mine"))
    for n in range(1, 30):
        supervise(coordinator, peer_worker, held_on=days_ago(n))
    assert count(client, reverse("workforce:mine")) == few


def grow_workforce(service: Any, coordinator: Any, n: int) -> None:
    """n more peer workers, each with a band, a role description and time on other duties."""
    from decimal import Decimal

    from alongside.workforce.models import DutyKind, Profile

    for i in range(n):
        her = make_member(service, Role.PEER_WORKER, f"worker{n}x{i}")
        Profile.objects.create(membership=her, band="3", hours_per_week=Decimal(30))
        services.role_description_add(
            actor=coordinator.user, membership=coordinator, subject=her, text="Words", before_recruitment=True
        )
        services.role_description_add(actor=her.user, membership=her, subject=her, text="My words")
        services.non_peer_duty_log(
            actor=her.user,
            membership=her,
            subject=her,
            done_on=days_ago(2),
            hours=Decimal(4),
            kind=DutyKind.ADMIN_COVER,
            chosen=True,
        )


def test_the_workforce_page_runs_the_same_queries_for_few_staff_and_many(
    service: Any, coordinator: Any, manager: Any
) -> None:
    client = client_for(manager)
    grow_workforce(service, coordinator, 3)
    few = count(client, reverse("workforce:overview"))
    grow_workforce(service, coordinator, 25)
    assert count(client, reverse("workforce:overview")) == few


def test_her_role_page_runs_the_same_queries_for_few_versions_and_many(
    coordinator: Any, peer_worker: Any
) -> None:
    client = client_for(peer_worker)
    services.role_description_add(
        actor=peer_worker.user, membership=peer_worker, subject=peer_worker, text="1"
    )
    few = count(client, reverse("workforce:role_mine"))
    for n in range(2, 20):
        services.role_description_add(
            actor=coordinator.user, membership=coordinator, subject=peer_worker, text=str(n)
        )
    assert count(client, reverse("workforce:role_mine")) == few
