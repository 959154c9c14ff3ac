"""The visits page reads the same number of queries however long the service's history of visits
and however many visits other services have open; and it shows only this service's."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.visits.models import Visit
from conftest import client_for, refer


def visits(peer_support: Any, peer_worker: Any, n: int, *, days_back: int = 1, ended: bool = True) -> None:
    now = timezone.now()
    for i in range(n):
        starts = now - dt.timedelta(days=days_back + i) if ended else now + dt.timedelta(hours=2 + i)
        Visit.objects.create(
            peer_support=peer_support,
            peer_worker=peer_worker.user,
            venue="home",
            starts_at=starts,
            expected_end_at=starts + dt.timedelta(hours=1),
            checked_in_at=starts if ended else None,
            checked_out_at=starts + dt.timedelta(hours=1) if ended else None,
        )


def queries(client: Any) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("visits:visits"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "peer_worker"])
def test_the_visits_page_runs_the_same_queries_for_a_short_history_and_a_long_one(
    role: str, request: pytest.FixtureRequest, allocated: Any, peer_worker: Any
) -> None:
    client = client_for(request.getfixturevalue(role))
    visits(allocated, peer_worker, 2)
    visits(allocated, peer_worker, 1, ended=False)
    short, _ = queries(client)
    visits(allocated, peer_worker, 60, days_back=20)  # years of ended visits
    visits(allocated, peer_worker, 30)  # more in the last fortnight than the page shows
    visits(allocated, peer_worker, 60, ended=False)  # more open than the page shows
    assert queries(client)[0] == short


def test_other_services_open_visits_neither_show_nor_add_queries(
    coordinator: Any, allocated: Any, peer_worker: Any, coordinator_other: Any, peer_worker_other: Any
) -> None:
    visits(allocated, peer_worker, 1, ended=False)
    client = client_for(coordinator)
    before, _ = queries(client)
    elsewhere = refer(coordinator_other, given_name="Beatrix", family_name="Elsewhere")
    visits(elsewhere, peer_worker_other, 5, ended=False)
    visits(elsewhere, peer_worker_other, 5)
    after, body = queries(client)
    assert after == before
    assert "Amira Khan" in body
    assert "Elsewhere" not in body


def test_the_coordinator_sees_the_services_open_visits_and_the_last_twenty_ended(
    coordinator: Any, allocated: Any, peer_worker: Any
) -> None:
    visits(allocated, peer_worker, 3, ended=False)
    visits(allocated, peer_worker, 25, days_back=0)  # a day apart: 14 in the last two weeks
    visits(allocated, peer_worker, 25, days_back=1)  # and 13 more: 27 ended in the fortnight
    _, body = queries(client_for(coordinator))
    assert body.count("nhsuk-card__heading") == 3
    assert body.count("Checked out ") == 20
    newest = timezone.localtime(
        Visit.objects.filter(checked_out_at__isnull=False).latest("starts_at").checked_out_at
    )
    assert newest.strftime("Checked out %-d %b %Y, %H:%M") in body
