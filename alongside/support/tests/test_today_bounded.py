"""Her Today page: the people allocated to her, longest without contact first, at most 50 of them."""

from typing import Any

from django.urls import reverse

from alongside.support import services
from conftest import client_for, refer


def test_today_shows_the_first_50_and_links_to_everyone(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    for i in range(52):
        ps = refer(clinician, given_name=f"Case{i:02}")
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[peer_worker.user]
        )
    html = client_for(peer_worker).get(reverse("home:today")).content.decode()
    assert html.count(": log a contact</span>") == 50
    assert "Everyone you support (52), longest without contact first" in html


def test_a_coordinators_today_shows_only_the_people_allocated_to_her(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    hers = refer(clinician, given_name="Hers")
    someone_elses = refer(clinician, given_name="Elsewhere")
    for ps, worker in ((hers, coordinator), (someone_elses, peer_worker)):
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[worker.user]
        )
    html = client_for(coordinator).get(reverse("home:today")).content.decode()
    assert "Hers" in html and "Elsewhere" not in html
