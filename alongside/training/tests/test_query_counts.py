"""The training pages run a fixed number of queries whatever the size of the team."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.organisations.models import Role
from alongside.training.tests.conftest import SAFEGUARDING, STAFF_SESSION, days_ago, train
from conftest import client_for, make_member


def grow(service: Any, coordinator: Any, n: int) -> None:
    """n more peer workers with some training (safeguarding overdue for half), and n clinicians,
    half of them at the staff session."""
    for i in range(n):
        her = make_member(service, Role.PEER_WORKER, f"peer{n}x{i}")
        train(coordinator, her, "Listening skills")
        train(coordinator, her, SAFEGUARDING, days_ago(400 if i % 2 else 30))
        clinician = make_member(service, Role.CLINICIAN, f"clin{n}x{i}")
        if i % 2:
            train(coordinator, clinician, STAFF_SESSION)


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_the_team_page_runs_the_same_queries_for_a_small_team_and_a_large_one(
    service: Any, coordinator: Any
) -> None:
    client = client_for(coordinator)
    grow(service, coordinator, 3)
    few = count(client, reverse("training:team"))
    grow(service, coordinator, 25)
    many = count(client, reverse("training:team"))
    assert few == many, f"{few} queries for a small team, {many} for a large one"


def test_her_page_runs_the_same_queries_for_few_records_and_many(peer_worker: Any) -> None:
    client = client_for(peer_worker)
    train(peer_worker, peer_worker, "Listening skills")
    few = count(client, reverse("training:mine"))
    for n in range(1, 20):
        train(peer_worker, peer_worker, SAFEGUARDING, days_ago(n))
    assert count(client, reverse("training:mine")) == few
