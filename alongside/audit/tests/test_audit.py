from typing import Any

from django.urls import reverse

from alongside.audit.models import AuditLog
from conftest import client_for


def test_viewing_a_person_writes_who_in_which_role_what_and_when(coordinator: Any, referral: Any) -> None:
    client_for(coordinator).get(reverse("people:detail", args=[referral.person_id]))
    entry = AuditLog.objects.filter(action="view").get()
    assert (entry.actor, entry.role, entry.service_id) == (
        coordinator.user,
        "coordinator",
        coordinator.service_id,
    )
    assert (entry.model, entry.object_id, entry.person_id) == (
        "people.Person",
        str(referral.person_id),
        referral.person_id,
    )
    assert entry.at is not None


def test_every_write_in_the_loop_is_audited(clinician: Any, coordinator: Any, allocated: Any) -> None:
    models = set(AuditLog.objects.values_list("model", "action"))
    assert {
        ("people.Person", "create"),
        ("support.PeerSupport", "create"),
        ("support.Allocation", "create"),
    } <= models
    assert AuditLog.objects.filter(person_id=allocated.person_id).count() >= 3


def test_editing_a_person_is_audited_with_the_fields_changed(clinician: Any, referral: Any) -> None:
    from alongside.support.tests.test_core_loop import referral_post

    client_for(clinician).post(
        reverse("people:edit", args=[referral.person_id]),
        referral_post(given_name="Amira", family_name="Begum"),
    )
    entry = AuditLog.objects.filter(action="update", model="people.Person").get()
    assert "family_name" in entry.summary


def test_a_manager_reads_the_audit_trail_of_a_record(manager: Any, coordinator: Any, referral: Any) -> None:
    client_for(coordinator).get(reverse("people:detail", args=[referral.person_id]))
    body = client_for(manager).get(reverse("audit:person", args=[referral.person_id])).content.decode()
    assert "Viewed" in body and "coordinator" in body.lower()


def test_the_trail_names_each_role_as_people_say_it(manager: Any, coordinator: Any, referral: Any) -> None:
    """ "Peer support co-ordinator", never the stored value "coordinator" or "service_manager"."""
    client_for(coordinator).get(reverse("people:detail", args=[referral.person_id]))
    client_for(manager).get(reverse("audit:person", args=[referral.person_id]))
    body = client_for(manager).get(reverse("audit:person", args=[referral.person_id])).content.decode()
    assert "Peer support co-ordinator" in body and "Service manager" in body
    assert ">coordinator<" not in body and "service_manager" not in body
    assert AuditLog(role="a_role_since_retired").role_shown == "a_role_since_retired"


def test_a_peer_worker_cannot_read_the_audit_trail(peer_worker: Any, allocated: Any) -> None:
    assert client_for(peer_worker).get(reverse("audit:person", args=[allocated.person_id])).status_code == 403


def test_taking_someone_off_a_register_is_audited_as_a_delete(peer_worker: Any, allocated: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from alongside.support import services

    session = services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        kind="cafe",
        title="Café",
        starts_at=timezone.now() - dt.timedelta(hours=1),
        duration_minutes=60,
        mode="community",
    )
    client = client_for(peer_worker)
    client.post(reverse("support:register", args=[session.pk]), {"attendees": [allocated.pk]})
    client.post(reverse("support:register", args=[session.pk]), {"attendees": []})
    actions = list(AuditLog.objects.filter(model="support.Contact").values_list("action", flat=True))
    assert sorted(actions) == ["create", "delete"]
