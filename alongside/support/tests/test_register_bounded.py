"""A group register draws the boxes that matter, not one for everyone the service supports."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.support import services
from alongside.support.models import GroupSession, PeerSupport
from conftest import client_for, refer


def session_now(peer_worker: Any) -> GroupSession:
    return services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        kind="cafe",
        title="Café",
        starts_at=timezone.now() - dt.timedelta(hours=1),
        duration_minutes=60,
        mode="community",
        repeats=True,
    )


def take(peer_worker: Any, session: GroupSession, *came: PeerSupport) -> None:
    services.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=session, attendees=list(came)
    )


def boxes(html: str) -> int:
    return html.count('type="checkbox"')


def test_it_shows_hers_and_those_on_it_and_finds_anyone_else_by_name(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    hers = refer(clinician, given_name="Hannah", family_name="Mine")
    services.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=hers, peer_workers=[peer_worker.user]
    )
    for i in range(60):
        refer(clinician, given_name=f"Stranger{i:02}", family_name="Elsewhere")
    came = refer(clinician, given_name="Wendy", family_name="Walkin")
    session = session_now(peer_worker)
    services.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=session, attendees=[came]
    )
    client = client_for(peer_worker)
    url = reverse("support:register", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Hannah Mine" in page and "Wendy Walkin" in page and "Stranger" not in page
    assert boxes(page) == 2
    found = client.get(url + "?q=stranger0").content.decode()
    assert boxes(found) == 12 and "Stranger05 Elsewhere" in found and "Wendy Walkin" in found
    assert boxes(client.get(url + "?q=elsewhere").content.decode()) == 50 + 1  # at most 50 besides her


def test_the_groups_regulars_are_on_its_next_register(clinician: Any, peer_worker: Any) -> None:
    regular = refer(clinician, given_name="Rita", family_name="Regular")
    first = session_now(peer_worker)
    services.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=first, attendees=[regular]
    )
    second = services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        group=first.group,
        starts_at=timezone.now() - dt.timedelta(minutes=10),
        duration_minutes=60,
        mode="community",
    )
    page = client_for(peer_worker).get(reverse("support:register", args=[second.pk])).content.decode()
    assert "Rita Regular" in page


def test_saving_a_searched_register_keeps_those_already_on_it(clinician: Any, peer_worker: Any) -> None:
    came = refer(clinician, given_name="Wendy", family_name="Walkin")
    late = refer(clinician, given_name="Lola", family_name="Late")
    session = session_now(peer_worker)
    services.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=session, attendees=[came]
    )
    url = reverse("support:register", args=[session.pk]) + "?q=lola"
    client_for(peer_worker).post(url, {"attendees": [came.pk, late.pk]})
    on_it = set(PeerSupport.objects.filter(contacts__group_session=session).values_list("pk", flat=True))
    assert on_it == {came.pk, late.pk}
