"""The team's timetables run a fixed number of queries whatever the number of peer workers."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.organisations.models import Role
from alongside.timetable import services
from alongside.timetable.tests.conftest import add_slot, national
from conftest import client_for, make_member


def grow(service: Any, n: int) -> None:
    """n more peer workers, each with two forms of support and two slots."""
    for i in range(n):
        her = make_member(service, Role.PEER_WORKER, f"peer{n}x{i}")
        services.offer_choose(actor=her.user, membership=her, forms=[national("music"), national("baking")])
        add_slot(her, 0)
        add_slot(her, 2, "13:00", "15:00")


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["timetable:team", "timetable:mine", "timetable:offer", "timetable:menu"])
def test_a_timetable_page_runs_the_same_queries_for_few_peer_workers_and_many(
    name: str, service: Any, coordinator: Any
) -> None:
    client = client_for(coordinator)
    grow(service, 2)
    add_slot(coordinator, 4)
    few = count(client, reverse(name))
    grow(service, 8)
    add_slot(coordinator, 3)
    add_slot(coordinator, 1)
    assert count(client, reverse(name)) == few
