"""The clinical-systems API: events recorded once whatever the retries, and every refusal a clear
RFC 9457 problem (application/problem+json) that writes nothing but its own audit. Every call is
audited. Idempotency-Key, reading an event back and unknown paths: test_api_to_the_letter.py."""

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.notifications.models import OutboundEmail
from alongside.transitions.models import ApiCall, ApiToken, PersonReference, Transition, TransitionNotice
from alongside.transitions.tests.conftest import token_for
from conftest import make_member, refer

pytestmark = pytest.mark.django_db

NHS = "9434765919"  # valid (docs/domain.md, "NHS number")
URL = "/api/v1/events"


@pytest.fixture
def token(manager: Any) -> str:
    return token_for(manager)[1]


@pytest.fixture
def amira(clinician: Any, coordinator: Any, peer_worker: Any) -> Any:
    from alongside.transitions.tests.conftest import allocate

    referral = refer(clinician, nhs_number=NHS)
    allocate(coordinator, referral, peer_worker)
    return referral.person


def event(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": "EPR-1001",
        "kind": "discharge",
        "occurred_on": timezone.localdate().isoformat(),
        "person": {"nhs_number": "943 476 5919"},
        "to": {"kind": "gp", "name": "Moseley Medical Centre"},
    }
    body.update(overrides)
    return body


def send(body: Any, token: str | None, client: Client | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return (client or Client()).post(URL, data, content_type="application/json", headers=headers)


def written() -> dict[str, int]:
    """Everything a call might write, but its own ApiCall and audit rows."""
    return {
        m.__name__: m.objects.count() for m in (Transition, TransitionNotice, OutboundEmail, PersonReference)
    }


def test_an_event_by_nhs_number_is_recorded_and_her_peer_worker_told(
    token: str, amira: Any, manager: Any
) -> None:
    response = send(event(), token)
    assert response.status_code == 201, response.content
    body = response.json()
    recorded = Transition.objects.get()
    assert body == {
        "id": recorded.pk,
        "event_id": "EPR-1001",
        "kind": "discharge",
        "occurred_at": None,
        "occurred_on": timezone.localdate().isoformat(),
        "from_service_id": manager.service_id,
        "to": {"kind": "gp", "service_id": None, "name": "Moseley Medical Centre"},
        "recorded_at": body["recorded_at"],
        "acceptance": None,
        "people_told": 1,
    }
    assert recorded.person == amira and recorded.source == "api" and recorded.external_id == "EPR-1001"
    assert recorded.api_token == ApiToken.objects.get() and recorded.recorded_by is None
    assert TransitionNotice.objects.get().recipient.username == "peer"


def test_a_transfer_to_a_service_on_alongside_waits_for_its_co_ordinators(
    token: str, amira: Any, other_service: Any, coordinator_other: Any
) -> None:
    response = send(
        event(kind="transfer", to={"kind": "community_perinatal", "service_id": other_service.pk}), token
    )
    assert response.status_code == 201
    assert response.json()["acceptance"] == "pending" and response.json()["people_told"] == 2


def test_a_person_found_by_nhs_number_keeps_the_reference_sent_for_next_time(token: str, amira: Any) -> None:
    send(event(person={"nhs_number": NHS, "reference": "RXT123"}), token)
    assert PersonReference.objects.get().person == amira
    again = send(
        event(event_id="EPR-1002", kind="admission", person={"reference": "RXT123"}, to={"kind": "mbu"}),
        token,
    )
    assert again.status_code == 201 and Transition.objects.get(external_id="EPR-1002").person == amira


def test_the_same_event_twice_answers_200_with_the_first_and_writes_nothing(token: str, amira: Any) -> None:
    first = send(event(), token)
    before = written()
    again = send(event(), token)
    assert again.status_code == 200 and again.json() == first.json()
    assert written() == before


def test_the_same_event_id_with_different_details_is_a_409(token: str, amira: Any) -> None:
    send(event(), token)
    before = written()
    response = send(event(occurred_on=(timezone.localdate() - dt.timedelta(days=1)).isoformat()), token)
    detail = (
        "Event EPR-1001 was received before with different details: send a correction with a new event_id"
    )
    assert refused(response, 409, detail) == {
        "type": "/api/v1/problems/event-id-reused",
        "title": "Event id used before with different details",
        "status": 409,
        "detail": detail,
        "instance": URL,
    }
    assert written() == before


def test_event_ids_are_per_sending_service(token: str, amira: Any, coordinator_other: Any) -> None:
    manager_there = make_member(coordinator_other.service, "service_manager", "othermanager")
    theirs = refer(coordinator_other, given_name="Bea", nhs_number="9876543210")
    send(event(), token)
    response = send(event(person={"nhs_number": theirs.person.nhs_number}), token_for(manager_there)[1])
    assert response.status_code == 201
    assert Transition.objects.filter(external_id="EPR-1001").count() == 2


# Every refusal ---------------------------------------------------------------------------------


def refused(response: Any, status: int, detail: str | None = None) -> dict[str, Any]:
    """An RFC 9457 problem: its media type, its five members, and the status it repeats."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status and body["instance"] == response.wsgi_request.path
    assert body["type"] == "about:blank" or body["type"].startswith("/api/v1/problems/")
    assert isinstance(body["detail"], str) and body["detail"] and body["title"]
    if detail is not None:
        assert body["detail"] == detail
    return body


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (None, "Send your token in the Authorization header: Bearer <token>"),
        ("Token abc", "The Authorization header must be: Bearer <token>"),
        ("Bearer ", "The Authorization header must be: Bearer <token>"),
        ("Bearer alng_00000000_not-a-real-token", "This token is not recognised"),
    ],
)
def test_a_missing_or_wrong_token_is_a_401(token: str, amira: Any, header: str | None, detail: str) -> None:
    before = written()
    headers = {"Authorization": header} if header is not None else {}
    response = Client().post(URL, json.dumps(event()), content_type="application/json", headers=headers)
    assert refused(response, 401, detail)["title"] == "Unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert written() == before
    call = ApiCall.objects.get()
    assert (call.status, call.token, call.event_id) == (401, None, "EPR-1001")
    audit = AuditLog.objects.get(model="transitions.ApiCall")
    assert audit.actor is None and audit.summary.startswith(
        "API call without a valid token: POST /api/v1/events answered 401"
    )


def test_a_revoked_token_is_a_401_audited_against_it(token: str, amira: Any, manager: Any) -> None:
    from alongside.transitions import services

    revoked = ApiToken.objects.get()
    services.api_token_revoke(actor=manager.user, membership=manager, token=revoked)
    before = written()
    body = refused(send(event(), token), 401)
    assert body["detail"].startswith("This token was revoked on")
    assert written() == before
    assert ApiCall.objects.get().token == revoked
    audit = AuditLog.objects.get(model="transitions.ApiCall")
    assert audit.actor == manager.user and revoked.shown in audit.summary


def test_an_unknown_person_and_someone_of_another_service_are_the_same_404(
    token: str, amira: Any, coordinator_other: Any
) -> None:
    theirs = refer(coordinator_other, given_name="Bea", nhs_number="9876543210")
    before = written()
    nobody = refused(send(event(person={"nhs_number": "4010232137"}), token), 404)
    not_ours = refused(send(event(person={"nhs_number": theirs.person.nhs_number}), token), 404)
    no_reference = refused(send(event(person={"reference": "RXT-NOBODY"}), token), 404)
    assert nobody == not_ours == no_reference
    assert (nobody["type"], nobody["title"], nobody["detail"]) == (
        "about:blank",
        "Not Found",
        "No such person in your service",
    )
    assert written() == before
    assert list(ApiCall.objects.values_list("status", flat=True)) == [404, 404, 404]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (event(person={"nhs_number": "943 476 5918"}), "person.nhs_number", "not a valid NHS number"),
        (event(person={"nhs_number": "12345"}), "person.nhs_number", "not a valid NHS number"),
        (event(person={}), "person", "give her reference in your service, her NHS number, or both"),
        (event(kind="moved"), "kind", "Input should be 'admission', 'discharge' or 'transfer'"),
        (event(occurred_on="yesterday"), "occurred_on", "Input should be a valid date"),
        (event(to={"kind": "gp", "service_id": "ours"}), "to.service_id", "GP is not a service on Alongside"),
        (event(to={"kind": "hospice"}), "to.kind", "Input should be"),
        (event(event_id=""), "event_id", "at least 1 character"),
        (event(colour="blue"), "colour", "Extra inputs are not permitted"),
        ({"event_id": "EPR-1"}, "kind", "Field required"),
        ([1, 2, 3], "body", "Input should be"),
    ],
)
def test_a_body_that_does_not_fit_is_a_422_naming_the_field(
    token: str, amira: Any, body: Any, field: str, message: str
) -> None:
    if isinstance(body, dict) and body.get("to", {}).get("service_id") == "ours":
        body = {**body, "to": {**body["to"], "service_id": amira.service_id}}
    before = written()
    result = refused(send(body, token), 422)
    assert result["type"] == "/api/v1/problems/invalid-event"
    by_field = {e["field"]: e["message"] for e in result["errors"]}
    assert field in by_field, result
    assert message in by_field[field]
    assert message in result["detail"]
    assert written() == before
    assert ApiCall.objects.get().status == 422


def test_an_unknown_receiving_service_is_a_422(token: str, amira: Any) -> None:
    body = refused(send(event(to={"kind": "community_perinatal", "service_id": 99999}), token), 422)
    assert body["errors"] == [{"field": "to.service_id", "message": "no service on Alongside has id 99999"}]
    assert not Transition.objects.exists()


def test_a_reference_that_names_someone_else_is_a_422(
    token: str, amira: Any, clinician: Any, manager: Any
) -> None:
    other = refer(clinician, given_name="Bea", nhs_number="9876543210").person
    PersonReference.objects.create(
        service=manager.service, person=other, reference="RXT-BEA", created_at=timezone.now()
    )
    body = refused(send(event(person={"reference": "RXT-BEA", "nhs_number": NHS}), token), 422)
    assert body["errors"][0]["field"] == "person.nhs_number"
    assert not Transition.objects.exists()


def test_a_body_that_is_not_json_is_a_400(token: str, amira: Any) -> None:
    refused(send("{not json", token), 400, "The body is not JSON: send the event as a JSON object")
    assert not Transition.objects.exists() and ApiCall.objects.get().status == 400


# Every call audited, and no browser login in the way ---------------------------------------------


def test_every_call_is_audited_with_its_token_and_its_answer(token: str, amira: Any, manager: Any) -> None:
    send(event(), token)
    send(event(), token)
    send(event(event_id="EPR-2", person={"nhs_number": "4010232137"}), token)
    send(event(event_id="EPR-3", kind="moved"), token)
    calls = list(ApiCall.objects.order_by("pk").values_list("status", "event_id"))
    assert calls == [(201, "EPR-1001"), (200, "EPR-1001"), (404, "EPR-2"), (422, "EPR-3")]
    shown = ApiToken.objects.get().shown
    audits = AuditLog.objects.filter(model="transitions.ApiCall").order_by("pk")
    assert [a.summary.split(" answered ")[1][:3] for a in audits] == ["201", "200", "404", "422"]
    for audit in audits:
        assert audit.actor == manager.user and audit.role == "api" and audit.service_id == manager.service_id
        assert audit.summary.startswith(f"API token {shown}: POST /api/v1/events")
    assert audits[0].person_id == amira.pk
    assert (
        AuditLog.objects.filter(model="transitions.Transition", action="create", person_id=amira.pk).count()
        == 1
    )
    assert ApiToken.objects.get().last_used_at is not None


@override_settings(MFA_REQUIRED=True)
def test_it_needs_no_login_mfa_or_csrf_token(token: str, amira: Any, coordinator: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator.user)  # a browser session without MFA is neither needed nor in the way
    assert send(event(), token, client).status_code == 201
    assert (
        Client(enforce_csrf_checks=True)
        .get("/api/v1/services", headers={"Authorization": f"Bearer {token}"})
        .status_code
        == 200
    )


def test_a_browser_session_is_not_a_token(amira: Any, coordinator: Any) -> None:
    client = Client()
    client.force_login(coordinator.user)
    refused(client.post(URL, json.dumps(event()), content_type="application/json"), 401)


def test_the_services_list_gives_the_ids_to_send(token: str, service: Any, other_service: Any) -> None:
    response = Client().get("/api/v1/services", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert {
        "id": other_service.pk,
        "name": other_service.name,
        "kind": "community_perinatal",
    } in response.json()
    assert ApiCall.objects.get().status == 200
