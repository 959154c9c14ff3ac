"""Recording a supervision: what it holds, who records it, and who may give each kind."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.accounts.rules import AGGREGATE_ONLY_ROLES
from alongside.audit.models import AuditLog
from alongside.organisations.models import Role
from alongside.workforce.models import NHS_KINDS, PEER_KINDS, Kind, Supervision, Track, WorkforceSettings
from alongside.workforce.tests.conftest import days_ago, form, supervise
from conftest import client_for, make_member


def test_the_six_kinds_fall_into_nhs_and_peer_supervision() -> None:
    assert set(NHS_KINDS) == {Kind.LINE_MANAGEMENT, Kind.CLINICAL, Kind.GROUP, Kind.REFLECTIVE_PRACTICE}
    assert set(PEER_KINDS) == {Kind.PEER_TO_PEER, Kind.HOST}
    assert set(NHS_KINDS) | set(PEER_KINDS) == set(Kind)


def test_a_supervisor_records_a_supervision_with_everything_it_holds(
    coordinator: Any, clinician: Any, peer_worker: Any
) -> None:
    response = client_for(coordinator).post(
        reverse("workforce:record"),
        form(
            peer_worker=peer_worker.user.pk,
            supervisor=coordinator.user.pk,
            co_supervisor=clinician.user.pk,
            kind="clinical",
            duration_minutes=50,
            wellbeing_discussed="no",
            plans_reviewed="yes",
        ),
    )
    supervision = Supervision.objects.get()
    assert response.status_code == 302 and response.url == reverse("workforce:detail", args=[supervision.pk])
    assert (supervision.peer_worker, supervision.kind, supervision.held_on) == (
        peer_worker.user,
        Kind.CLINICAL,
        days_ago(1),
    )
    assert supervision.duration_minutes == 50 and supervision.track == Track.NHS
    assert (supervision.wellbeing_discussed, supervision.plans_reviewed) == (False, True)
    assert set(supervision.supervisors.all()) == {coordinator.user, clinician.user}
    assert supervision.recorded_by == coordinator.user
    log = AuditLog.objects.get(model="workforce.Supervision")
    assert "café" not in log.summary  # the trail says what happened, never what was said


def test_a_peer_worker_records_her_own_peer_to_peer_supervision_with_a_peer_from_another_service(
    peer_worker: Any, peer_worker_other: Any
) -> None:
    client_for(peer_worker).post(
        reverse("workforce:record"),
        form(kind="peer_to_peer", supervisor=peer_worker_other.user.pk, reflection="I felt listened to"),
    )
    supervision = Supervision.objects.get()
    assert supervision.peer_worker == peer_worker.user and supervision.track == Track.PEER
    assert supervision.reflection.text == "I felt listened to"


def test_a_clinician_records_clinical_supervision_she_gave(clinician: Any, peer_worker: Any) -> None:
    client_for(clinician).post(
        reverse("workforce:record"),
        form(peer_worker=peer_worker.user.pk, supervisor=clinician.user.pk, kind="clinical"),
    )
    assert Supervision.objects.get().supervisors.get() == clinician.user


def test_a_supervisor_can_only_record_a_supervision_she_gave(
    coordinator: Any, clinician: Any, peer_worker: Any
) -> None:
    with pytest.raises(ValidationError, match="one you gave: name yourself as a supervisor"):
        supervise(coordinator, peer_worker, supervisors=[clinician.user])


@pytest.mark.parametrize("role", ["commissioner", "national_reviewer", "admin_member"])
def test_roles_that_neither_give_nor_receive_supervision_are_sent_back_from_the_form(
    role: str, request: pytest.FixtureRequest, peer_worker: Any
) -> None:
    member = request.getfixturevalue(role)
    client = client_for(member)
    response = client.get(reverse("workforce:record"))
    if member.role in AGGREGATE_ONLY_ROLES:  # refused every staff page outright (ADR 0027)
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and response.url == reverse("workforce:mine")
    client.post(reverse("workforce:record"), form(peer_worker=peer_worker.user.pk))
    assert not Supervision.objects.exists()


def test_a_supervisor_records_only_for_peer_workers_of_her_own_service(
    coordinator_other: Any, peer_worker: Any
) -> None:
    with pytest.raises(ValidationError, match="is not a peer worker in Lancashire"):
        supervise(coordinator_other, peer_worker)


def test_nobody_supervises_herself(peer_worker: Any) -> None:
    with pytest.raises(ValidationError, match="You cannot be your own supervisor"):
        supervise(peer_worker, peer_worker, kind=Kind.PEER_TO_PEER)


@pytest.mark.parametrize("kind", NHS_KINDS)
def test_nhs_supervision_is_given_by_staff_of_her_service(
    kind: str, coordinator: Any, manager: Any, peer_worker: Any, outside_clinician: Any
) -> None:
    supervise(peer_worker, peer_worker, kind=kind, supervisors=[manager.user])
    with pytest.raises(ValidationError, match="does not work in Birmingham Community Perinatal Team"):
        supervise(
            peer_worker, peer_worker, kind=kind, supervisors=[outside_clinician.user], held_on=days_ago(9)
        )


def test_a_commissioner_of_the_service_is_not_its_staff(peer_worker: Any, commissioner: Any) -> None:
    with pytest.raises(ValidationError, match="does not work in"):
        supervise(peer_worker, peer_worker, supervisors=[commissioner.user])


def test_peer_to_peer_supervision_is_given_by_a_peer_worker_or_co_ordinator_in_any_service(
    peer_worker: Any, peer_worker_other: Any, coordinator_other: Any, clinician: Any
) -> None:
    supervise(peer_worker, peer_worker, kind=Kind.PEER_TO_PEER, supervisors=[peer_worker_other.user])
    supervise(
        peer_worker,
        peer_worker,
        kind=Kind.PEER_TO_PEER,
        supervisors=[coordinator_other.user],
        held_on=days_ago(5),
    )
    with pytest.raises(ValidationError, match="is not a peer worker or co-ordinator"):
        supervise(
            peer_worker,
            peer_worker,
            kind=Kind.PEER_TO_PEER,
            supervisors=[clinician.user],
            held_on=days_ago(7),
        )


def test_host_supervision_is_given_by_someone_from_her_host_organisation_in_any_service(
    partner_peer_worker: Any, charity_lead: Any, coordinator: Any
) -> None:
    supervise(partner_peer_worker, partner_peer_worker, kind=Kind.HOST, supervisors=[charity_lead.user])
    with pytest.raises(ValidationError, match="is not from Approachable Parenting"):
        supervise(
            partner_peer_worker,
            partner_peer_worker,
            kind=Kind.HOST,
            held_on=days_ago(8),
            supervisors=[coordinator.user],
        )


def test_host_supervision_is_for_a_peer_worker_with_a_host(peer_worker: Any, charity_lead: Any) -> None:
    with pytest.raises(ValidationError, match="You are not hosted by a third-sector organisation"):
        supervise(peer_worker, peer_worker, kind=Kind.HOST, supervisors=[charity_lead.user])


def test_every_supervisor_of_a_session_must_be_allowed_to_give_it(
    coordinator: Any, outside_clinician: Any, peer_worker: Any
) -> None:
    with pytest.raises(ValidationError, match="Outsideclinician does not work in"):
        supervise(coordinator, peer_worker, supervisors=[coordinator.user, outside_clinician.user])


def test_she_and_her_supervisor_cannot_both_record_the_same_session(
    coordinator: Any, peer_worker: Any
) -> None:
    supervise(coordinator, peer_worker, held_on=days_ago(2))
    with pytest.raises(ValidationError, match="is already recorded for you"):
        supervise(peer_worker, peer_worker, held_on=days_ago(2), supervisors=[coordinator.user])
    supervise(
        peer_worker, peer_worker, held_on=days_ago(2), kind=Kind.CLINICAL, supervisors=[coordinator.user]
    )


def test_only_she_writes_her_reflection(coordinator: Any, peer_worker: Any) -> None:
    with pytest.raises(ValidationError, match="Only she can write her reflection"):
        supervise(coordinator, peer_worker, reflection="Not mine to write")


def test_a_volunteer_who_has_moved_to_the_full_role_records_hers(service: Any, coordinator: Any) -> None:
    # Light-touch volunteers have no supervision page of their own until they are peer workers.
    volunteer = make_member(service, Role.LIGHT_TOUCH_VOLUNTEER, "helper")
    assert client_for(volunteer).get(reverse("workforce:record")).status_code == 302
    volunteer.role = Role.PEER_WORKER
    volunteer.save()
    client_for(volunteer).post(reverse("workforce:record"), form(supervisor=coordinator.user.pk))
    assert Supervision.objects.get().peer_worker == volunteer.user


def test_the_service_sets_how_often_each_half_is_expected_and_monthly_is_the_default(
    coordinator: Any, service: Any
) -> None:
    assert WorkforceSettings.for_service(service).nhs_supervision_days == 30
    assert WorkforceSettings.for_service(service).peer_supervision_days == 30
    assert not WorkforceSettings.objects.exists()  # reading writes nothing
    client_for(coordinator).post(
        reverse("workforce:settings"), {"nhs_supervision_days": "14", "peer_supervision_days": "91"}
    )
    saved = WorkforceSettings.objects.get(service=service)
    assert (saved.nhs_supervision_days, saved.peer_supervision_days) == (14, 91)


@pytest.mark.parametrize("role", ["peer_worker", "clinician", "admin_member", "commissioner"])
def test_only_those_who_manage_the_team_set_the_frequency(role: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("workforce:settings")).status_code == 403
    assert client.post(reverse("workforce:settings"), {"nhs_supervision_days": "7"}).status_code == 403
    assert not WorkforceSettings.objects.exists()
