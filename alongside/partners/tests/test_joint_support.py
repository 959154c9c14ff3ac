"""Joint support: the NHS team and partners each with their own peer worker, each seeing only hers."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.organisations.models import Employment, Membership, Organisation, Partnership, Role, Service
from alongside.support import services
from conftest import client_for, make_member, refer


@pytest.fixture
def second_partner_peer(service: Service) -> Membership:
    acacia = Organisation.objects.create(name="Acacia", kind=Organisation.Kind.THIRD_SECTOR)
    Partnership.objects.create(service=service, organisation=acacia, started_on=timezone.localdate())
    return make_member(service, Role.PEER_WORKER, "acaciapeer", host_organisation=acacia, employment="hosted")


@pytest.fixture
def jointly(
    clinician: Membership,
    coordinator: Membership,
    peer_worker: Membership,
    partner_peer_worker: Membership,
    second_partner_peer: Membership,
) -> dict[str, Any]:
    """Asha with the NHS team and Approachable Parenting; Bea with the NHS team and Acacia."""
    asha = refer(clinician, given_name="Asha")
    bea = refer(clinician, given_name="Bea")
    for ps, partner in ((asha, partner_peer_worker), (bea, second_partner_peer)):
        services.allocation_create(
            actor=coordinator.user,
            membership=coordinator,
            peer_support=ps,
            peer_workers=[peer_worker.user, partner.user],
        )
    return {"asha": asha, "bea": bea}


def test_the_person_page_says_which_organisation_each_peer_worker_is_from(
    coordinator: Membership, jointly: dict[str, Any]
) -> None:
    asha = jointly["asha"]
    body = client_for(coordinator).get(reverse("people:detail", args=[asha.person_id])).content.decode()
    assert "Peer workers: Peer (NHS team) and Partnerpeer (Approachable Parenting)." in body
    assert "Supported jointly by NHS team and Approachable Parenting." in body


def test_the_allocation_page_says_which_organisation_each_peer_worker_is_from(
    coordinator: Membership, jointly: dict[str, Any]
) -> None:
    body = (
        client_for(coordinator).get(reverse("support:allocate", args=[jointly["asha"].pk])).content.decode()
    )
    assert (
        "Allocated now: Partnerpeer, 1 people (Approachable Parenting) and Peer, 2 people (NHS team)" in body
    )
    assert "Acaciapeer, 1 people (Acacia)" in body


def test_a_volunteer_is_shown_as_a_volunteer_with_the_nhs_team(service: Service) -> None:
    volunteer = make_member(service, Role.PEER_WORKER, "vol", employment=Employment.VOLUNTEER)
    assert volunteer.organisation_label == "NHS team (volunteer)"


@pytest.mark.parametrize(
    ("who", "mine", "theirs"), [("partner_peer_worker", "asha", "bea"), ("acacia", "bea", "asha")]
)
def test_each_partners_peer_worker_sees_only_the_people_she_supports(
    who: str,
    mine: str,
    theirs: str,
    request: pytest.FixtureRequest,
    second_partner_peer: Membership,
    jointly: dict[str, Any],
) -> None:
    member = second_partner_peer if who == "acacia" else request.getfixturevalue(who)
    client = client_for(member)
    own, other = jointly[mine], jointly[theirs]
    assert client.get(reverse("people:detail", args=[own.person_id])).status_code == 200
    assert client.get(reverse("people:detail", args=[other.person_id])).status_code == 404
    assert client.get(reverse("support:contact", args=[other.pk])).status_code == 404
    listed = client.get(reverse("people:list")).content.decode()
    assert own.person.name in listed and other.person.name not in listed


def test_the_nhs_peer_worker_sees_both_people_she_supports_jointly(
    peer_worker: Membership, jointly: dict[str, Any]
) -> None:
    client = client_for(peer_worker)
    for ps in jointly.values():
        assert client.get(reverse("people:detail", args=[ps.person_id])).status_code == 200
