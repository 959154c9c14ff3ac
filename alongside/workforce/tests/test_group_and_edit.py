"""Group supervision recorded once for several peer workers, and changing a recorded session."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.organisations.models import Role
from alongside.support.tests.test_bad_input import assert_refused
from alongside.workforce.models import Kind, Supervision
from alongside.workforce.tests.conftest import days_ago, form, supervise
from alongside.workforce.tests.test_bad_input import snapshot
from conftest import DaysFromToday, client_for, make_member


def group(*workers: Any, wellbeing: tuple[Any, ...] = (), **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "peer_workers": [str(w.user.pk) for w in workers],
        "wellbeing_discussed_for": [str(w.user.pk) for w in wellbeing],
        "kind": Kind.GROUP.value,
        "held_on": days_ago(1).isoformat(),
        "duration_minutes": "90",
        "plans_reviewed": "yes",
        "notes": "Endings, and saying goodbye well",
    }
    data.update(overrides)
    return data


def test_one_form_records_a_supervision_for_each_peer_worker_there(
    coordinator: Any, clinician: Any, peer_worker: Any, partner_peer_worker: Any
) -> None:
    data = group(peer_worker, partner_peer_worker, wellbeing=(peer_worker,))
    data |= {"supervisor": str(coordinator.user.pk), "co_supervisor": str(clinician.user.pk)}
    response = client_for(coordinator).post(reverse("workforce:group_record"), data)
    assert response.status_code == 302
    rows = {s.peer_worker: s for s in Supervision.objects.prefetch_related("supervisors")}
    assert set(rows) == {peer_worker.user, partner_peer_worker.user}
    for s in rows.values():
        assert (s.kind, s.held_on, s.duration_minutes) == (Kind.GROUP, days_ago(1), 90)
        assert set(s.supervisors.all()) == {coordinator.user, clinician.user}
        assert s.recorded_by == coordinator.user and s.plans_reviewed
    # Wellbeing is each person's: not ticked is recorded as not discussed.
    assert (
        rows[peer_worker.user].wellbeing_discussed and not rows[partner_peer_worker.user].wellbeing_discussed
    )
    assert AuditLog.objects.filter(model="workforce.Supervision", action="create").count() == 2


def test_each_of_them_sees_it_on_her_own_page(
    coordinator: Any, peer_worker: Any, partner_peer_worker: Any
) -> None:
    data = group(peer_worker, partner_peer_worker, supervisor=str(coordinator.user.pk))
    client_for(coordinator).post(reverse("workforce:group_record"), data)
    for her in (peer_worker, partner_peer_worker):
        page = client_for(her).get(reverse("workforce:mine")).content.decode()
        assert "Group supervision" in page


def test_if_it_is_already_recorded_for_one_of_them_nothing_is_saved_for_any(
    coordinator: Any, peer_worker: Any, partner_peer_worker: Any
) -> None:
    supervise(coordinator, partner_peer_worker, kind=Kind.GROUP, held_on=days_ago(1))
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("workforce:group_record"),
        group(peer_worker, partner_peer_worker, supervisor=str(coordinator.user.pk)),
    )
    assert_refused(
        response, f"For Partnerpeer: Group supervision on {days_ago(1):%-d %B %Y} is already recorded"
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"held_on": DaysFromToday(1)},
            "cannot be dated in the future",
        ),
        (
            {"co_supervisor": "other"},
            "Otherpeer does not work in Birmingham Community Perinatal Team",
        ),
        ({"supervisor": "clinician"}, "name yourself as a supervisor"),
        ({"peer_workers": []}, "This field is required"),
        ({"peer_workers": ["other"]}, "is not one of the available choices"),
        ({"supervisor": "outside"}, "Select a valid choice"),
    ],
)
def test_a_bad_group_supervision_is_refused_and_saves_nothing(
    overrides: dict[str, Any],
    message: str,
    coordinator: Any,
    clinician: Any,
    peer_worker: Any,
    partner_peer_worker: Any,
    outside_clinician: Any,
    peer_worker_other: Any,
) -> None:
    people = {"clinician": clinician, "other": peer_worker_other, "outside": outside_clinician}

    def pk(v: Any) -> Any:
        return (
            [str(people[x].user.pk) for x in v]
            if isinstance(v, list)
            else str(people[v].user.pk)
            if v in people
            else v
        )

    data = group(peer_worker, partner_peer_worker, supervisor=str(coordinator.user.pk))
    data.update({k: pk(v) for k, v in overrides.items()})
    before = snapshot()
    assert_refused(client_for(coordinator).post(reverse("workforce:group_record"), data), message)
    assert snapshot() == before


def test_a_peer_worker_records_her_own_not_a_group(
    peer_worker: Any, partner_peer_worker: Any, coordinator: Any
) -> None:
    client = client_for(peer_worker)
    response = client.get(reverse("workforce:group_record"))
    assert response.status_code == 302 and response.url == reverse("workforce:mine")
    client.post(
        reverse("workforce:group_record"), group(partner_peer_worker, supervisor=str(peer_worker.user.pk))
    )
    assert not Supervision.objects.exists()


# Changing a recorded session ----------------------------------------------------------------


def test_whoever_recorded_it_changes_it(coordinator: Any, peer_worker: Any) -> None:
    session = supervise(coordinator, peer_worker, held_on=days_ago(3), wellbeing_discussed=False)
    data = form(supervisor=coordinator.user.pk, held_on=days_ago(4).isoformat(), wellbeing_discussed="yes")
    response = client_for(coordinator).post(reverse("workforce:edit", args=[session.pk]), data)
    assert response.status_code == 302 and response.url == reverse("workforce:detail", args=[session.pk])
    session.refresh_from_db()
    assert session.held_on == days_ago(4) and session.wellbeing_discussed
    assert session.peer_worker == peer_worker.user  # whose it is never changes
    assert AuditLog.objects.filter(model="workforce.Supervision", action="update").exists()


def test_a_supervisor_named_on_it_changes_it_too(coordinator: Any, clinician: Any, peer_worker: Any) -> None:
    session = supervise(coordinator, peer_worker, supervisors=[coordinator.user, clinician.user])
    data = form(supervisor=clinician.user.pk, co_supervisor=coordinator.user.pk, duration_minutes=45)
    client_for(clinician).post(reverse("workforce:edit", args=[session.pk]), data)
    session.refresh_from_db()
    assert session.duration_minutes == 45


def test_she_changes_one_she_recorded_herself(peer_worker: Any, peer_worker_other: Any) -> None:
    session = supervise(
        peer_worker, peer_worker, kind=Kind.PEER_TO_PEER, supervisors=[peer_worker_other.user]
    )
    data = form(kind="peer_to_peer", supervisor=peer_worker_other.user.pk, notes="Changed")
    assert client_for(peer_worker).post(reverse("workforce:edit", args=[session.pk]), data).status_code == 302
    session.refresh_from_db()
    assert session.notes == "Changed"


def test_she_cannot_change_one_her_supervisor_recorded(coordinator: Any, peer_worker: Any) -> None:
    session = supervise(coordinator, peer_worker, held_on=days_ago(3))
    before = snapshot()
    client = client_for(peer_worker)
    assert client.get(reverse("workforce:detail", args=[session.pk])).status_code == 200
    response = client.post(reverse("workforce:edit", args=[session.pk]), form(supervisor=coordinator.user.pk))
    assert response.status_code == 403
    assert "whoever recorded it or one of its supervisors" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("role", ["manager", "admin_member", "clinician", "coordinator_other"])
def test_nobody_else_can_find_it_to_change(
    role: str, request: pytest.FixtureRequest, coordinator: Any, peer_worker: Any
) -> None:
    session = supervise(coordinator, peer_worker)
    before = snapshot()
    client = client_for(request.getfixturevalue(role))
    response = client.post(reverse("workforce:edit", args=[session.pk]), form(supervisor=coordinator.user.pk))
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"held_on": DaysFromToday(1)},
            "A supervision cannot be dated in the future",
        ),
        (
            {"co_supervisor": "other"},
            "Otherpeer does not work in Birmingham Community Perinatal Team",
        ),
        ({"supervisor": "clinician"}, "name yourself as a supervisor"),
        ({"duration_minutes": "0"}, "How long must be between 1 and 480 minutes"),
        ({"held_on": "taken"}, "is already recorded for her"),
    ],
)
def test_a_bad_change_is_refused_and_saves_nothing(
    overrides: dict[str, str],
    message: str,
    coordinator: Any,
    clinician: Any,
    peer_worker: Any,
    peer_worker_other: Any,
) -> None:
    supervise(coordinator, peer_worker, held_on=days_ago(10))
    session = supervise(coordinator, peer_worker, held_on=days_ago(3))
    people = {"other": peer_worker_other, "clinician": clinician}
    data = form(supervisor=coordinator.user.pk, held_on=days_ago(3).isoformat())
    for k, v in overrides.items():
        data[k] = str(people[v].user.pk) if v in people else days_ago(10).isoformat() if v == "taken" else v
    before = snapshot()
    assert_refused(client_for(coordinator).post(reverse("workforce:edit", args=[session.pk]), data), message)
    assert snapshot() == before


def test_keeping_its_own_date_is_not_a_second_record(coordinator: Any, peer_worker: Any) -> None:
    session = supervise(coordinator, peer_worker, held_on=days_ago(3))
    data = form(supervisor=coordinator.user.pk, held_on=days_ago(3).isoformat(), notes="Same day, new notes")
    assert client_for(coordinator).post(reverse("workforce:edit", args=[session.pk]), data).status_code == 302


def test_a_supervisor_who_has_left_the_service_cannot_be_named_on_a_change(
    service: Any, coordinator: Any, peer_worker: Any
) -> None:
    leaver = make_member(service, Role.CLINICIAN, "leaver")
    session = supervise(coordinator, peer_worker)
    leaver.active = False
    leaver.save()
    data = form(supervisor=coordinator.user.pk, co_supervisor=leaver.user.pk)
    before = snapshot()
    assert_refused(
        client_for(coordinator).post(reverse("workforce:edit", args=[session.pk]), data),
        "Select a valid choice",
    )
    assert snapshot() == before
