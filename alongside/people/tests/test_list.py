"""The people list: one page of rows, cut before they are fetched, scoped as every person-level page."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.support import services
from alongside.support.models import PeerSupport
from conftest import client_for, refer


def allocate(coordinator: Any, ps: PeerSupport, *workers: Any) -> None:
    services.allocation_create(
        actor=coordinator.user,
        membership=coordinator,
        peer_support=ps,
        peer_workers=[w.user for w in workers],
    )


def contact(peer_worker: Any, ps: PeerSupport, days_ago: int) -> None:
    services.contact_log(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=ps,
        contact_with="mother",
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        duration_minutes=30,
        mode="phone",
        successful=True,
        note="",
    )


def names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted((n for n in names if n in html), key=html.index)


def test_it_lists_by_family_name_with_her_peer_workers_and_last_contact(
    clinician: Any, coordinator: Any, peer_worker: Any, partner_peer_worker: Any
) -> None:
    zara = refer(clinician, given_name="Zara", family_name="Adams")
    amy = refer(clinician, given_name="Amy", family_name="Young")
    allocate(coordinator, zara, peer_worker, partner_peer_worker)
    contact(peer_worker, zara, 3)
    html = client_for(coordinator).get(reverse("people:list")).content.decode()
    assert names_in_order(html, ["Zara Adams", "Amy Young"]) == ["Zara Adams", "Amy Young"]
    assert "Peer, Partnerpeer" in html and "Not allocated" in html
    assert timezone.localtime(zara.contacts.get().occurred_at).strftime("%-d %b %Y, %H:%M") in html
    assert "2 people" in html and amy.person.name in html


def test_longest_without_contact_first_and_the_quiet_filter(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    cases = {
        name: refer(clinician, given_name=name, family_name="Test") for name in ("Old", "Recent", "Never")
    }
    for ps in cases.values():
        allocate(coordinator, ps, peer_worker)
    contact(peer_worker, cases["Old"], 20)
    contact(peer_worker, cases["Recent"], 1)
    client = client_for(coordinator)
    names = [f"{n} Test" for n in cases]
    by_contact = client.get(reverse("people:list") + "?order=contact").content.decode()
    assert names_in_order(by_contact, names) == ["Never Test", "Old Test", "Recent Test"]
    quiet = client.get(reverse("people:list") + "?status=quiet&order=contact").content.decode()
    assert names_in_order(quiet, names) == ["Old Test"]  # "Never" was allocated today: not quiet yet


def test_a_peer_worker_sees_only_the_people_allocated_to_her(
    clinician: Any, coordinator: Any, peer_worker: Any, partner_peer_worker: Any
) -> None:
    hers = refer(clinician, given_name="Hers")
    theirs = refer(clinician, given_name="Theirs")
    allocate(coordinator, hers, peer_worker)
    allocate(coordinator, theirs, partner_peer_worker)
    for status in ("open", "all", "quiet"):
        html = client_for(peer_worker).get(reverse("people:list") + f"?status={status}&order=contact").content
        assert b"Theirs" not in html
    assert b"Hers" in client_for(peer_worker).get(reverse("people:list")).content


def test_the_page_is_cut_at_50_and_the_next_page_has_the_rest(clinician: Any, coordinator: Any) -> None:
    for i in range(53):
        refer(clinician, given_name=f"P{i:02}", family_name=f"F{i:02}")
    client = client_for(coordinator)
    first = client.get(reverse("people:list")).content.decode()
    second = client.get(reverse("people:list") + "?page=2").content.decode()
    assert "53 people" in first and "P49 F49" in first and "P50 F50" not in first
    assert "P50 F50" in second and "P52 F52" in second and "P49 F49" not in second


def test_an_unknown_order_or_status_shows_the_list_by_name(clinician: Any, coordinator: Any) -> None:
    refer(clinician, given_name="Only")
    response = client_for(coordinator).get(reverse("people:list") + "?order=nonsense&status=nonsense")
    assert response.status_code == 200 and b"Only" in response.content
