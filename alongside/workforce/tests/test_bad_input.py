"""Bad input gets a clear message in the NHS.UK error summary and saves nothing at all."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.support.tests.test_bad_input import assert_refused
from alongside.support.tests.test_bad_input import snapshot as support_snapshot
from alongside.workforce.models import Action, Reflection, Supervision, WorkforceSettings
from alongside.workforce.tests.conftest import days_ago, form, supervise
from conftest import DaysFromToday, client_for

MODELS = (Supervision, Supervision.supervisors.through, Reflection, Action, WorkforceSettings)


def snapshot() -> dict[str, Any]:
    return {**support_snapshot(), **{m.__name__: sorted(m.objects.values_list()) for m in MODELS}}


def tomorrow() -> DaysFromToday:
    return DaysFromToday(1)


@pytest.mark.parametrize(
    ("who", "overrides", "message"),
    [
        ("coordinator", {"held_on": tomorrow()}, "A supervision cannot be dated in the future"),
        ("peer_worker", {"held_on": tomorrow()}, "A supervision cannot be dated in the future"),
        (
            "coordinator",
            {"co_supervisor": "peer_worker_other"},
            "Otherpeer does not work in Birmingham Community Perinatal Team: "
            "line management is given by staff of her service",
        ),
        (
            "peer_worker",
            {"supervisor": "charity_lead", "kind": "clinical"},
            "Charitylead does not work in Birmingham Community Perinatal Team: "
            "clinical supervision is given by staff of her service",
        ),
        (
            "peer_worker",
            {"supervisor": "clinician", "kind": "peer_to_peer"},
            "Clinician is not a peer worker or co-ordinator",
        ),
        (
            "peer_worker",
            {"supervisor": "charity_lead", "kind": "host"},
            "You are not hosted by a third-sector",
        ),
        ("coordinator", {"supervisor": "clinician"}, "name yourself as a supervisor"),
        ("peer_worker", {"supervisor": "outside_clinician"}, "Select a valid choice"),
        ("coordinator", {"peer_worker": "peer_worker_other"}, "Select a valid choice"),
        ("coordinator", {"duration_minutes": "0"}, "How long must be between 1 and 480 minutes"),
        ("coordinator", {"duration_minutes": "an hour"}, "Enter minutes as a number"),
        ("coordinator", {"held_on": "last week"}, "Enter a valid date"),
        ("coordinator", {"wellbeing_discussed": ""}, "This field is required"),
        ("peer_worker", {"kind": "buddy"}, "Select a valid choice"),
    ],
)
def test_a_bad_supervision_is_refused_with_a_clear_message_and_saves_nothing(
    who: str,
    overrides: dict[str, str],
    message: str,
    request: pytest.FixtureRequest,
    peer_worker: Any,
    coordinator: Any,
    clinician: Any,
    outside_clinician: Any,
    charity_lead: Any,
    peer_worker_other: Any,
) -> None:
    people = {
        "outside_clinician": outside_clinician,
        "clinician": clinician,
        "charity_lead": charity_lead,
        "peer_worker_other": peer_worker_other,
        "coordinator": coordinator,
    }
    actor = request.getfixturevalue(who)
    data = form(supervisor=coordinator.user.pk)
    if who != "peer_worker":
        data["peer_worker"] = str(peer_worker.user.pk)
    data.update({k: str(people[v].user.pk) if v in people else v for k, v in overrides.items()})
    before = snapshot()
    response = client_for(actor).post(reverse("workforce:record"), data)
    assert_refused(response, message)
    assert snapshot() == before


def test_a_second_record_of_the_same_session_is_refused_and_saves_nothing(
    coordinator: Any, peer_worker: Any
) -> None:
    supervise(coordinator, peer_worker, held_on=days_ago(1))
    before = snapshot()
    response = client_for(peer_worker).post(reverse("workforce:record"), form(supervisor=coordinator.user.pk))
    assert_refused(response, f"Line management on {days_ago(1):%-d %B %Y} is already recorded for you")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_on": days_ago(30).isoformat()}, "The date it is due cannot be before the supervision"),
        ({"owner": "outside_clinician"}, "Select a valid choice"),
        ({"description": ""}, "This field is required"),
        ({"need": ""}, "This field is required"),
    ],
)
def test_a_bad_action_is_refused_and_saves_nothing(
    overrides: dict[str, str], message: str, coordinator: Any, peer_worker: Any, outside_clinician: Any
) -> None:
    session = supervise(coordinator, peer_worker)
    data = {
        "need": "support",
        "description": "A buddy",
        "owner": str(peer_worker.user.pk),
        "due_on": days_ago(-7).isoformat(),
    }
    data.update(
        {k: str(outside_clinician.user.pk) if v == "outside_clinician" else v for k, v in overrides.items()}
    )
    before = snapshot()
    response = client_for(coordinator).post(reverse("workforce:action_new", args=[session.pk]), data)
    assert_refused(response, message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nhs_supervision_days": "3"}, "Enter between 7 days (weekly) and 92 days (quarterly)"),
        ({"peer_supervision_days": "365"}, "Enter between 7 days (weekly) and 92 days (quarterly)"),
        ({"peer_supervision_days": "monthly"}, "Enter days as a number"),
    ],
)
def test_a_frequency_outside_weekly_to_quarterly_is_refused_and_saves_nothing(
    overrides: dict[str, str], message: str, coordinator: Any
) -> None:
    data = {"nhs_supervision_days": "30", "peer_supervision_days": "30", **overrides}
    before = snapshot()
    assert_refused(client_for(coordinator).post(reverse("workforce:settings"), data), message)
    assert snapshot() == before
