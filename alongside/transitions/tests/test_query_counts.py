"""The transitions pages, the notices on Today and the dashboard, and the commissioners' summary run
a fixed number of queries however many transitions there are (no N+1)."""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.transitions.tests.conftest import allocate, contact, days_ago, move
from conftest import client_for, refer

pytestmark = pytest.mark.django_db


def grow(clinician: Any, coordinator: Any, peer_worker: Any, coordinator_other: Any, n: int) -> None:
    """n people discharged (some met since), and n arriving from the other service."""
    for i in range(n):
        ps = refer(clinician, given_name=f"Leaving{n}x{i}", nhs_number="")
        allocate(coordinator, ps, peer_worker)
        move(clinician, ps.person, kind="discharge", destination="gp", occurred_on=days_ago(40 + i))
        if i % 2:
            contact(ps, peer_worker, days_ago(30))
        theirs = refer(coordinator_other, given_name=f"Arriving{n}x{i}", nhs_number="")
        move(coordinator_other, theirs.person, to_service=clinician.service, occurred_on=days_ago(i))


def count(client: Any, url: str) -> int:
    """Queries of the page made afresh: nothing kept from an earlier look (the summary's rows)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("coordinator", "transitions:list"),
        ("coordinator", "dashboard:coordinator"),
        ("peer_worker", "home:today"),
        ("commissioner", "dashboard:summary"),
    ],
)
def test_pages_do_not_grow_with_transitions(
    who: str,
    name: str,
    clinician: Any,
    coordinator: Any,
    peer_worker: Any,
    coordinator_other: Any,
    commissioner: Any,
    request: pytest.FixtureRequest,
) -> None:
    client = client_for(request.getfixturevalue(who))
    grow(clinician, coordinator, peer_worker, coordinator_other, 2)
    few = count(client, reverse(name))
    grow(clinician, coordinator, peer_worker, coordinator_other, 5)
    assert count(client, reverse(name)) == few
