"""Bad input gets a clear message in the NHS.UK error summary and saves nothing at all."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.support.tests.test_bad_input import assert_refused
from alongside.training import services
from alongside.training.models import Module, TrainingRecord
from alongside.training.tests.conftest import days_ago, form, module, train
from conftest import DaysFromToday, client_for


def snapshot() -> dict[str, Any]:
    return {m.__name__: sorted(m.objects.values_list()) for m in (TrainingRecord, Module, AuditLog)}


def tomorrow() -> DaysFromToday:
    return DaysFromToday(1)


@pytest.mark.parametrize(
    ("who", "overrides", "message"),
    [
        ("peer_worker", {"completed_on": tomorrow()}, "A training record cannot be dated in the future"),
        ("coordinator", {"completed_on": tomorrow()}, "A training record cannot be dated in the future"),
        ("coordinator", {"user": "peer_worker_other"}, "Select a valid choice"),
        ("peer_worker", {"completed_on": "last spring"}, "Enter a valid date"),
        ("peer_worker", {"provider": ""}, "This field is required"),
        ("peer_worker", {"module": "999999"}, "Select a valid choice"),
    ],
)
def test_a_bad_training_record_is_refused_with_a_clear_message_and_saves_nothing(
    who: str,
    overrides: dict[str, str],
    message: str,
    request: pytest.FixtureRequest,
    peer_worker: Any,
    peer_worker_other: Any,
) -> None:
    actor = request.getfixturevalue(who)
    people = {"peer_worker_other": peer_worker_other}
    data = form("Listening skills")
    if who == "coordinator":
        data["training-user"] = str(peer_worker.user.pk)
    data.update(
        form("Listening skills", **{k: people[v].user.pk if v in people else v for k, v in overrides.items()})
    )
    if who != "coordinator":
        data.pop("training-user", None)
    before = snapshot()
    url = reverse("training:team" if who == "coordinator" else "training:mine")
    assert_refused(client_for(actor).post(url, data), message)
    assert snapshot() == before


def test_a_record_for_someone_outside_the_service_is_refused_by_the_service_and_saves_nothing(
    coordinator: Any, peer_worker_other: Any
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError, match="Otherpeer is not on the team of Birmingham"):
        services.training_record(
            actor=coordinator.user,
            membership=coordinator,
            user=peer_worker_other.user,
            module=module("Listening skills"),
            completed_on=days_ago(1),
        )
    assert snapshot() == before


def test_a_peer_worker_cannot_record_training_for_a_colleague(
    peer_worker: Any, partner_peer_worker: Any
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError, match="You can record your own training"):
        train(peer_worker, partner_peer_worker, "Listening skills")
    assert snapshot() == before


def test_the_same_module_on_the_same_day_is_refused_and_saves_nothing(peer_worker: Any) -> None:
    train(peer_worker, peer_worker, "Listening skills", days_ago(1))
    before = snapshot()
    response = client_for(peer_worker).post(reverse("training:mine"), form("Listening skills"))
    assert_refused(response, f"Listening skills on {days_ago(1):%-d %B %Y} is already recorded for you")
    assert snapshot() == before


def test_a_staff_attendance_in_the_future_is_refused_and_saves_nothing(
    coordinator: Any, clinician: Any
) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("training:team"),
        {"form": "staff", "staff-user": str(clinician.user.pk), "staff-completed_on": tomorrow()},
    )
    assert_refused(response, "A training record cannot be dated in the future")
    assert snapshot() == before


def test_a_good_record_saves_and_is_audited(peer_worker: Any) -> None:
    response = client_for(peer_worker).post(reverse("training:mine"), form("Listening skills"))
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert record.accredited and record.provider == "Action on Postpartum Psychosis"
    assert AuditLog.objects.filter(model="training.TrainingRecord", object_id=str(record.pk)).exists()
