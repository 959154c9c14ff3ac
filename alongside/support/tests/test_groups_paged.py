"""The groups page: sessions newest first (those to come at the top), 50 a page, every session
reachable, and the same queries however many years of sessions the service has run."""

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.support.models import GroupSession
from alongside.support.views import GROUPS_PAGE
from conftest import client_for


def add_sessions(peer_worker: Any, count: int) -> None:
    """`count` weekly sessions titled session-000-x (next week's) back through the years."""
    start = timezone.now() + dt.timedelta(days=7)
    GroupSession.objects.bulk_create(
        GroupSession(
            service_id=peer_worker.service_id,
            kind="cafe",
            title=f"session-{n:03}-x",
            starts_at=start - dt.timedelta(weeks=n),
            duration_minutes=90,
            led_by=peer_worker.user,
        )
        for n in range(count)
    )


def sessions(html: str) -> set[int]:
    return {n for n in range(300) if f"session-{n:03}-x" in html}


def counted(peer_worker: Any, **params: Any) -> tuple[int, str]:
    client = client_for(peer_worker)
    client.get(reverse("support:groups"), params)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("support:groups"), params).content.decode()
    return len(captured), html


def test_newest_first_50_a_page_and_the_oldest_on_the_last(peer_worker: Any) -> None:
    add_sessions(peer_worker, GROUPS_PAGE + 10)
    first = client_for(peer_worker).get(reverse("support:groups")).content.decode()
    assert sessions(first) == set(range(GROUPS_PAGE))
    assert first.index("session-000-x") < first.index("session-001-x")  # the one to come, on top
    assert "Page 2 of 2" in first
    second = client_for(peer_worker).get(reverse("support:groups"), {"page": 2}).content.decode()
    assert sessions(second) == set(range(GROUPS_PAGE, GROUPS_PAGE + 10))


def test_queries_do_not_grow_with_the_years_of_sessions(peer_worker: Any) -> None:
    add_sessions(peer_worker, 2)
    few, _ = counted(peer_worker)
    GroupSession.objects.all().delete()
    add_sessions(peer_worker, 260)
    many, html = counted(peer_worker)
    assert few == many and len(sessions(html)) == GROUPS_PAGE
    last, html = counted(peer_worker, page=6)
    assert last == many and sessions(html) == set(range(250, 260))
