"""Her supervision history is paged, 50 a page newest first, with what needs her attention on top;
the page reads the same number of queries whatever the length of her history."""

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.workforce import services
from alongside.workforce.models import Kind, Supervision
from alongside.workforce.tests.conftest import days_ago, supervise
from conftest import client_for


def history(coordinator: Any, her: Any, n: int, start: int = 1) -> list[Supervision]:
    """n supervisions, one a week going back from `start` weeks ago (newest first)."""
    return [supervise(coordinator, her, held_on=days_ago(7 * w)) for w in range(start, start + n)]


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def detail_links(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/workforce/supervision/(\d+)/"', body)]


def test_her_page_runs_the_same_queries_for_a_short_history_and_a_long_one(
    coordinator: Any, peer_worker: Any, peer_worker_other: Any
) -> None:
    client = client_for(peer_worker)
    history(coordinator, peer_worker, 3)
    supervise(peer_worker, peer_worker, kind=Kind.PEER_TO_PEER, supervisors=[peer_worker_other.user])
    short = queries(client, reverse("workforce:mine"))
    history(coordinator, peer_worker, 117, start=4)  # five years and more, past two pages
    assert queries(client, reverse("workforce:mine")) == short
    assert queries(client, reverse("workforce:mine") + "?page=3") == short


def test_her_older_supervisions_are_on_the_later_pages_newest_first(
    coordinator: Any, peer_worker: Any
) -> None:
    made = history(coordinator, peer_worker, 120)
    client = client_for(peer_worker)
    url = reverse("workforce:mine")
    seen = []
    for page in (1, 2, 3):
        body = client.get(url, {"page": page}).content.decode()
        seen += [pk for pk in detail_links(body) if pk not in seen]
    assert seen == [s.pk for s in made], "every supervision once, newest first"
    first = client.get(url).content.decode()
    assert len(detail_links(first)) == 50
    assert "?page=2" in first and "Page 2 of 3" in first
    oldest = made[-1]
    assert client.get(reverse("workforce:detail", args=[oldest.pk])).status_code == 200


def test_what_needs_her_attention_comes_before_her_history(coordinator: Any, peer_worker: Any) -> None:
    made = history(coordinator, peer_worker, 60)
    services.action_add(
        actor=peer_worker.user,
        membership=peer_worker,
        supervision=made[-1],
        need="training",
        description="Safeguarding refresher",
        owner=peer_worker.user,
        due_on=days_ago(-10),
    )
    for page in (1, 2):
        body = client_for(peer_worker).get(reverse("workforce:mine"), {"page": page}).content.decode()
        assert body.index("NHS supervision next due") < body.index("Your supervisions")
        assert body.index("Safeguarding refresher") < body.index("Your supervisions")


def test_the_supervision_a_coordinator_gave_is_paged_too(coordinator: Any, peer_worker: Any) -> None:
    made = history(coordinator, peer_worker, 55)
    client = client_for(coordinator)
    first = detail_links(client.get(reverse("workforce:mine")).content.decode())
    second = detail_links(client.get(reverse("workforce:mine"), {"page": 2}).content.decode())
    assert first + second == [s.pk for s in made]


def test_her_reflection_stays_hers_on_every_page(coordinator: Any, peer_worker: Any) -> None:
    made = history(coordinator, peer_worker, 55)
    services.reflection_save(actor=peer_worker.user, supervision=made[-1], text="Tired")
    for who in (peer_worker, coordinator):
        for page in (1, 2):
            body = client_for(who).get(reverse("workforce:mine"), {"page": page}).content.decode()
            assert "Tired" not in body
