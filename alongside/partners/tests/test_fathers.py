"""Fathers and partners: referred in their own right, counted while they wait, and a male peer worker."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.organisations.models import Membership, Service
from alongside.people.models import Person
from alongside.support import services
from alongside.support.metrics import fathers_and_partners_waiting
from alongside.support.tests.test_core_loop import referral_post
from conftest import client_for, refer


def test_a_father_is_referred_in_his_own_right(clinician: Membership) -> None:
    response = client_for(clinician).post(
        reverse("support:refer"),
        referral_post(family_role="father", given_name="Sam", due_date="", nhs_number="", postcode=""),
    )
    assert response.status_code == 302
    father = Person.objects.get(given_name="Sam")
    assert father.family_role == Person.FamilyRole.FATHER
    assert father.peer_supports.get().status == "referred"
    assert father.consents.exists()


def test_fathers_and_partners_waiting_counts_those_referred_and_not_yet_allocated(
    clinician: Membership, coordinator: Membership, peer_worker: Membership, other_service: Service
) -> None:
    service = clinician.service
    refer(clinician)  # a mother: not counted
    father = refer(clinician, given_name="Sam", family_role="father", baby_date_of_birth=None)
    refer(clinician, given_name="Alex", family_role="partner", baby_date_of_birth=None)
    refer(clinician, given_name="Gran", family_role="family_member", baby_date_of_birth=None)
    assert fathers_and_partners_waiting(service).count() == 2
    services.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=father, peer_workers=[peer_worker.user]
    )
    assert fathers_and_partners_waiting(service).count() == 1
    assert fathers_and_partners_waiting(other_service).count() == 0


def test_the_dashboard_shows_fathers_and_partners_waiting(
    clinician: Membership, coordinator: Membership
) -> None:
    refer(clinician, given_name="Sam", family_role="father", baby_date_of_birth=None)
    body = client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    assert "Fathers and partners waiting: 1" in body
    assert "would like them to be offered a male peer worker" not in body
    Service.objects.filter(pk=coordinator.service_id).update(wants_male_peer_worker_for_fathers=True)
    body = client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    assert "would like them to be offered a male peer worker" in body


def test_the_service_says_it_wants_a_male_peer_worker_for_fathers(manager: Membership) -> None:
    client = client_for(manager)
    page = client.get(reverse("partners:fathers")).content.decode()
    assert "0 fathers or partners waiting for a peer worker" in page
    response = client.post(reverse("partners:fathers"), {"wants_male_peer_worker_for_fathers": "yes"})
    assert response.status_code == 302
    manager.service.refresh_from_db()
    assert manager.service.wants_male_peer_worker_for_fathers
    assert AuditLog.objects.filter(
        model="organisations.Service", summary__contains="male peer worker"
    ).exists()


def test_an_unanswered_question_is_refused_and_changes_nothing(manager: Membership) -> None:
    response = client_for(manager).post(reverse("partners:fathers"), {})
    assert "nhsuk-error-summary" in response.content.decode()
    manager.service.refresh_from_db()
    assert not manager.service.wants_male_peer_worker_for_fathers


@pytest.mark.parametrize("role", ["peer_worker", "clinician", "commissioner"])
def test_only_those_who_run_the_service_change_it(role: str, request: pytest.FixtureRequest) -> None:
    member: Any = request.getfixturevalue(role)
    client = client_for(member)
    assert (
        client.post(reverse("partners:fathers"), {"wants_male_peer_worker_for_fathers": "yes"}).status_code
        == 403
    )
    member.service.refresh_from_db()
    assert not member.service.wants_male_peer_worker_for_fathers
