"""The network's list pages run a fixed number of queries however many are listed (no N+1)."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.network.models import DirectoryEntry, GroupMember, PeerGroup
from alongside.organisations.models import Role
from conftest import client_for, make_member


def grow(service: Any, n: int, start: int) -> None:
    now = timezone.now()
    for i in range(start, start + n):
        m = make_member(service, Role.PEER_WORKER, f"net{i}")
        DirectoryEntry.objects.create(
            peer_worker=m.user, display_name=f"Net {i}", service=service, joined_at=now, updated_at=now
        )
        group = PeerGroup.objects.create(
            name=f"Group {i}", meeting_pattern="Monthly", created_by=m.user, created_at=now
        )
        GroupMember.objects.create(group=group, user=m.user, joined_at=now)


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_the_directory_and_groups_pages_run_the_same_queries_for_few_and_many(
    peer_worker: Any, other_service: Any
) -> None:
    client = client_for(peer_worker)
    client.post(reverse("network:profile"), {"display_name": "Me"})
    grow(other_service, 2, 0)
    few = [count(client, reverse(n)) for n in ("network:directory", "network:groups")]
    grow(other_service, 20, 2)
    many = [count(client, reverse(n)) for n in ("network:directory", "network:groups")]
    assert few == many
