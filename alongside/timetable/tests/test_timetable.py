"""Her weekly timetable: she keeps it, her co-ordinator reads it, bad times are refused."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.organisations.models import Role
from alongside.support.tests.test_bad_input import assert_refused
from alongside.timetable.models import Setting, Slot
from alongside.timetable.tests.conftest import add_slot, at, national, slot_post
from conftest import client_for, make_member

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, Any]:
    return {m.__name__: sorted(m.objects.values_list()) for m in (Slot, AuditLog)}


def test_she_adds_a_slot_and_it_is_audited(peer_worker: Any) -> None:
    response = client_for(peer_worker).post(reverse("timetable:mine"), slot_post())
    assert response.status_code == 302
    slot = Slot.objects.get()
    assert (slot.membership, slot.weekday, slot.starts_at, slot.ends_at) == (
        peer_worker,
        1,
        at("10:00"),
        at("12:00"),
    )
    assert slot.title == "One-to-one" and slot.where == "In the community: Sparkhill Children's Centre"
    assert AuditLog.objects.filter(model="timetable.Slot", object_id=str(slot.pk), action="create").exists()
    page = client_for(peer_worker).get(reverse("timetable:mine")).content.decode()
    assert "Tuesday" in page and "10:00 to 12:00" in page and "2.0 hours" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "09:00"}, "The end time must be after the start time"),
        ({"ends_at": "10:00"}, "The end time must be after the start time"),
        ({"starts_at": "half past nine"}, "Enter the start time, like 09:30"),
        ({"ends_at": ""}, "Enter the end time"),
        ({"weekday": "9"}, "Select a valid choice"),
        ({"setting": ""}, "Choose where it happens"),
        ({"support_form": "", "activity": " "}, "Choose a form of support, or say what it is"),
        ({"starts_at": "11:00", "ends_at": "13:00"}, "This overlaps One-to-one, Tuesday 10:00 to 12:00"),
        ({"starts_at": "09:00", "ends_at": "14:00"}, "This overlaps One-to-one, Tuesday 10:00 to 12:00"),
    ],
)
def test_a_bad_slot_is_refused_with_a_clear_message_and_saves_nothing(
    peer_worker: Any, overrides: dict[str, str], message: str
) -> None:
    add_slot(peer_worker, 1, "10:00", "12:00")
    before = snapshot()
    assert_refused(client_for(peer_worker).post(reverse("timetable:mine"), slot_post(**overrides)), message)
    assert snapshot() == before


def test_slots_that_touch_or_fall_on_another_day_are_fine(peer_worker: Any) -> None:
    add_slot(peer_worker, 1, "10:00", "12:00")
    add_slot(peer_worker, 1, "12:00", "13:00")
    add_slot(peer_worker, 2, "10:00", "12:00")
    assert Slot.objects.count() == 3


def test_a_slot_in_her_other_service_counts_as_an_overlap(peer_worker: Any, other_service: Any) -> None:
    there = make_member(other_service, Role.PEER_WORKER, "peer2")
    there.user = peer_worker.user
    there.save()
    add_slot(there, 1, "10:00", "12:00")
    before = snapshot()
    response = client_for(peer_worker).post(reverse("timetable:mine"), slot_post())
    assert_refused(response, f"overlaps One-to-one at {other_service}")
    assert snapshot() == before


def test_she_changes_a_slot_without_it_overlapping_itself(peer_worker: Any) -> None:
    slot = add_slot(peer_worker, 1, "10:00", "12:00")
    url = reverse("timetable:slot_edit", args=[slot.pk])
    assert client_for(peer_worker).get(url).status_code == 200
    response = client_for(peer_worker).post(url, slot_post(ends_at="12:30", note="Bring the leaflets"))
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.ends_at == at("12:30") and slot.note == "Bring the leaflets"


def test_she_removes_a_slot(peer_worker: Any) -> None:
    slot = add_slot(peer_worker)
    url = reverse("timetable:slot_delete", args=[slot.pk])
    assert client_for(peer_worker).get(url).status_code == 405
    assert client_for(peer_worker).post(url).status_code == 302
    assert not Slot.objects.exists()
    assert AuditLog.objects.filter(model="timetable.Slot", action="delete").exists()


@pytest.mark.parametrize(
    "who", ["coordinator", "manager", "partner_peer_worker", "peer_worker_other", "coordinator_other"]
)
def test_nobody_else_changes_or_removes_her_slot(
    who: str, request: pytest.FixtureRequest, peer_worker: Any
) -> None:
    slot = add_slot(peer_worker)
    before = snapshot()
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("timetable:slot_edit", args=[slot.pk])).status_code in (403, 404)
    assert client.post(reverse("timetable:slot_edit", args=[slot.pk]), slot_post(weekday=4)).status_code in (
        403,
        404,
    )
    assert client.post(reverse("timetable:slot_delete", args=[slot.pk])).status_code in (403, 404)
    assert snapshot() == before


def test_her_coordinator_reads_her_timetable_and_the_reading_is_audited(
    peer_worker: Any, coordinator: Any
) -> None:
    add_slot(
        peer_worker, 3, "13:00", "15:00", activity="Craft and chat", support_form=None, setting=Setting.ONLINE
    )
    team = client_for(coordinator).get(reverse("timetable:team")).content.decode()
    assert "Peer" in team and "2.0 hours" in team
    page = client_for(coordinator).get(reverse("timetable:member", args=[peer_worker.pk])).content.decode()
    assert "Thursday" in page and "Craft and chat" in page and "Online or by phone" in page
    assert "Change" not in page
    assert AuditLog.objects.filter(
        model="organisations.Membership", action="view", actor=coordinator.user
    ).exists()


@pytest.mark.parametrize(
    "who", ["clinician", "admin_member", "commissioner", "coordinator_other", "partner_peer_worker"]
)
def test_only_those_who_manage_her_team_read_her_timetable(
    who: str, request: pytest.FixtureRequest, peer_worker: Any
) -> None:
    add_slot(peer_worker)
    response = client_for(request.getfixturevalue(who)).get(
        reverse("timetable:member", args=[peer_worker.pk])
    )
    assert response.status_code in (403, 404)


def test_a_volunteer_keeps_a_timetable_and_a_clinician_has_none(service: Any, clinician: Any) -> None:
    volunteer = make_member(service, Role.LIGHT_TOUCH_VOLUNTEER, "helper")
    assert client_for(volunteer).post(reverse("timetable:mine"), slot_post()).status_code == 302
    assert client_for(clinician).get(reverse("timetable:mine")).status_code == 403
    assert national("one_to_one").pk == Slot.objects.get().support_form_id
