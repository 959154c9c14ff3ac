"""Her record shows her latest 25 contacts and links to every one of them, 50 a page, newest first;
neither page's query count grows with her history."""

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.home.people import CONTACTS_SHOWN, PAGE_SIZE
from alongside.support import services
from alongside.support.models import Contact, PeerSupport
from conftest import client_for, refer


def add_contacts(peer_worker: Any, ps: PeerSupport, count: int, first: int = 0) -> None:
    """`count` contacts, note "contact-<n>", contact n made n days ago (so higher n is older)."""
    now = timezone.now()
    Contact.objects.bulk_create(
        Contact(
            peer_support=ps,
            peer_worker=peer_worker.user,
            contact_with="mother",
            occurred_at=now - dt.timedelta(days=n),
            duration_minutes=30,
            mode="phone",
            successful=True,
            note=f"contact-{n:03}-x",
        )
        for n in range(first, first + count)
    )


def notes(html: str) -> set[int]:
    return {n for n in range(200) if f"contact-{n:03}-x" in html}


def queries(membership: Any, url: str, **params: Any) -> tuple[int, str]:
    client = client_for(membership)
    client.get(url, params)  # once first: the session and anything cached per process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_her_record_shows_the_latest_25_and_links_to_the_rest(peer_worker: Any, allocated: Any) -> None:
    add_contacts(peer_worker, allocated, CONTACTS_SHOWN + 5)
    html = client_for(peer_worker).get(reverse("people:detail", args=[allocated.person_id])).content.decode()
    assert notes(html) == set(range(CONTACTS_SHOWN))
    assert f"Most recent {CONTACTS_SHOWN}" in html
    assert reverse("people:contacts", args=[allocated.person_id]) in html


def test_no_link_when_the_record_shows_them_all(peer_worker: Any, allocated: Any) -> None:
    add_contacts(peer_worker, allocated, 3)
    html = client_for(peer_worker).get(reverse("people:detail", args=[allocated.person_id])).content.decode()
    assert notes(html) == {0, 1, 2}
    assert reverse("people:contacts", args=[allocated.person_id]) not in html


def test_every_contact_is_reachable_newest_first_50_a_page(peer_worker: Any, allocated: Any) -> None:
    total = PAGE_SIZE + 7
    add_contacts(peer_worker, allocated, total)
    url = reverse("people:contacts", args=[allocated.person_id])
    first = client_for(peer_worker).get(url).content.decode()
    assert notes(first) == set(range(PAGE_SIZE))
    assert first.index("contact-000-x") < first.index("contact-001-x")
    assert f"{total} contacts, newest first" in first and "page=2" in first
    second = client_for(peer_worker).get(url, {"page": 2}).content.decode()
    assert notes(second) == set(range(PAGE_SIZE, total))
    assert "page=1" in second


def test_queries_do_not_grow_with_her_contacts(
    peer_worker: Any, coordinator: Any, clinician: Any, allocated: Any
) -> None:
    other = refer(clinician, given_name="Busy", family_name="Mother")
    services.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=other, peer_workers=[peer_worker.user]
    )
    add_contacts(peer_worker, allocated, 2)
    add_contacts(peer_worker, other, 120, first=2)
    for name in ("people:detail", "people:contacts"):
        few, _ = queries(peer_worker, reverse(name, args=[allocated.person_id]))
        many, _ = queries(peer_worker, reverse(name, args=[other.person_id]))
        assert few == many, name
    last, html = queries(peer_worker, reverse("people:contacts", args=[other.person_id]), page=3)
    assert last == many and notes(html) == set(range(102, 122))


def test_her_contacts_are_scoped_and_audited(peer_worker_other: Any, manager: Any, allocated: Any) -> None:
    url = reverse("people:contacts", args=[allocated.person_id])
    assert client_for(peer_worker_other).get(url).status_code == 404
    client_for(manager).get(url)
    assert AuditLog.objects.filter(person_id=allocated.person_id, view="people:contacts").exists()
