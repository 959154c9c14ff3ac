"""POST /api/v1/fhir/Encounter: a discharge or transfer sent as an HL7 FHIR R4 Encounter is the
same event as one sent as JSON to /api/v1/events, and every refusal is a problem carrying a valid
OperationOutcome (ADR 0044)."""

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from fhir.resources.R4B.operationoutcome import OperationOutcome

from alongside.audit.models import AuditLog
from alongside.transitions import fhir
from alongside.transitions.models import ApiCall, ApiToken, PersonReference, Transition
from alongside.transitions.tests.conftest import allocate, token_for
from conftest import refer

pytestmark = pytest.mark.django_db

NHS = "9434765919"
URL = "/api/v1/fhir/Encounter"
ENCOUNTER_ID = "https://fhir.birmingham.nhs.uk/Id/encounter|ENC-1001"
# https://hl7.org/fhir/R4/valueset-issue-severity.html and valueset-issue-type.html
SEVERITIES = {"fatal", "error", "warning", "information"}
ISSUE_TYPES = {
    "structure",
    "login",
    "not-found",
    "not-supported",
    "conflict",
    "too-costly",
    "invalid",
    "exception",
}


@pytest.fixture
def token(manager: Any) -> str:
    return token_for(manager)[1]


@pytest.fixture
def amira(clinician: Any, coordinator: Any, peer_worker: Any) -> Any:
    referral = refer(clinician, nhs_number=NHS)
    allocate(coordinator, referral, peer_worker)
    return referral.person


def left_at() -> str:
    """Yesterday afternoon, with its offset, as an integration engine writes period.end."""
    moment = timezone.localtime() - dt.timedelta(days=1)
    return moment.replace(hour=14, minute=30, second=0, microsecond=0).isoformat()


def encounter(**overrides: Any) -> dict[str, Any]:
    """A discharge home from the community perinatal team, as a UK Core Encounter."""
    body: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": "b1e3c0f2-1d2a-4c55-9a3e-2f1d0e9c8b7a",
        "meta": {"profile": ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Encounter"]},
        "identifier": [{"system": "https://fhir.birmingham.nhs.uk/Id/encounter", "value": "ENC-1001"}],
        "status": "finished",
        "class": {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
            "code": "AMB",
            "display": "ambulatory",
        },
        "subject": {
            "identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": NHS},
            "display": "Amira KHAN",
        },
        "period": {"start": "2026-09-01T09:00:00+01:00", "end": left_at()},
        "hospitalization": {
            "dischargeDisposition": {
                "coding": [
                    {
                        "system": "https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeDestinationEngland",
                        "code": "19",
                        "display": "Usual place of residence",
                    }
                ]
            }
        },
    }
    body.update(overrides)
    return body


def send(
    body: Any,
    token: str | None,
    *,
    content_type: str = "application/fhir+json",
    headers: dict[str, str] | None = None,
) -> Any:
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    data = body if isinstance(body, str) else json.dumps(body)
    return Client().post(URL, data, content_type=content_type, headers=sent)


def refused(response: Any, status: int) -> dict[str, Any]:
    """A problem with a valid R4 OperationOutcome, one issue per error, each naming its field."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    assert body["status"] == status and body["instance"] == URL and body["detail"]
    outcome = OperationOutcome.model_validate(body["operationOutcome"])
    assert outcome.issue and all(i.severity in SEVERITIES and i.code in ISSUE_TYPES for i in outcome.issue)
    if "errors" in body:
        paths = [[e["field"]] if e["field"].startswith("Encounter") else None for e in body["errors"]]
        assert [i.expression for i in outcome.issue] == paths  # a header is no FHIRPath
    return body


def test_a_discharge_encounter_records_the_same_transition_as_the_json_event(
    token: str, amira: Any, manager: Any
) -> None:
    sent = encounter()
    response = send(sent, token)
    assert response.status_code == 201, response.content
    recorded = Transition.objects.get()
    assert response["Location"] == f"/api/v1/events/{recorded.pk}"
    assert (recorded.person, recorded.from_service, recorded.kind) == (amira, manager.service, "discharge")
    assert (recorded.destination, recorded.to_service, recorded.external_id) == ("gp", None, ENCOUNTER_ID)
    assert recorded.occurred_at == dt.datetime.fromisoformat(sent["period"]["end"])
    assert response.json()["id"] == recorded.pk and response.json()["people_told"] == 1
    # The same event sent as JSON, under the same id, is the one already recorded: nothing differs.
    as_json = {
        "event_id": ENCOUNTER_ID,
        "kind": "discharge",
        "occurred_at": sent["period"]["end"],
        "person": {"nhs_number": NHS},
        "to": {"kind": "gp"},
    }
    again = Client().post(
        "/api/v1/events",
        json.dumps(as_json),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert again.status_code == 200, again.content
    assert again.json() == response.json() and Transition.objects.count() == 1


def test_a_contained_patient_gives_her_nhs_number_and_the_services_reference(token: str, amira: Any) -> None:
    patient = {
        "resourceType": "Patient",
        "id": "pat",
        "identifier": [
            {
                "type": {
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]
                },
                "system": "https://fhir.birmingham.nhs.uk/Id/mrn",
                "value": "RXT123",
            },
            {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": NHS},
        ],
    }
    response = send(encounter(contained=[patient], subject={"reference": "#pat"}), token)
    assert response.status_code == 201, response.content
    assert Transition.objects.get().person == amira
    assert PersonReference.objects.get().reference == "RXT123"


def test_a_transfer_to_a_service_on_alongside_names_it_in_a_contained_location(
    token: str, amira: Any, other_service: Any, coordinator_other: Any
) -> None:
    location = {
        "resourceType": "Location",
        "id": "to",
        "identifier": [{"system": fhir.SERVICE, "value": str(other_service.pk)}],
        "name": "Lancashire Community Perinatal Team",
    }
    sent = encounter(contained=[location], hospitalization={"destination": {"reference": "#to"}})
    response = send(sent, token)
    assert response.status_code == 201, response.content
    recorded = Transition.objects.get()
    assert (recorded.kind, recorded.destination, recorded.to_service) == (
        "transfer",
        "community_perinatal",
        other_service,
    )
    assert recorded.destination_name == "Lancashire Community Perinatal Team"
    assert response.json()["acceptance"] == "pending"


def test_a_mental_health_ward_elsewhere_is_a_transfer_out_of_area(token: str, amira: Any) -> None:
    coding = {"system": fhir.HL7_DISPOSITION, "code": "psy"}
    sent = encounter(
        hospitalization={
            "dischargeDisposition": {"coding": [coding]},
            "destination": {"display": "Fairhaven Unit"},
        }
    )
    response = send(sent, token)
    assert response.status_code == 201, response.content
    recorded = Transition.objects.get()
    assert (recorded.kind, recorded.destination, recorded.destination_name) == (
        "transfer",
        "out_of_area",
        "Fairhaven Unit",
    )


def test_the_same_encounter_again_answers_200_with_the_first_by_its_identifier(
    token: str, amira: Any
) -> None:
    first = send(encounter(), token)
    again = send(
        encounter(
            text={"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">Discharged</div>'}
        ),
        token,
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json() and Transition.objects.count() == 1


def test_without_an_identifier_the_encounters_id_is_its_event_id(token: str, amira: Any) -> None:
    sent = encounter()
    del sent["identifier"]
    assert send(sent, token).status_code == 201
    assert send(sent, token).status_code == 200
    assert Transition.objects.get().external_id == f"Encounter/{sent['id']}"


def test_the_same_identifier_with_other_details_is_a_409(token: str, amira: Any) -> None:
    send(encounter(), token)
    changed = encounter(
        hospitalization={
            "dischargeDisposition": {
                "coding": [{"system": fhir.ALONGSIDE_DESTINATION, "code": "general_adult"}]
            }
        }
    )
    body = refused(send(changed, token), 409)
    assert body["type"] == "/api/v1/problems/event-id-reused"


def test_an_idempotency_key_replays_the_first_answer(token: str, amira: Any) -> None:
    key = {"Idempotency-Key": "6f1c7a52-2b7e-4bb4-9d0e-4a8f6b2f3c11"}
    first = send(encounter(), token, headers=key)
    again = send(encounter(), token, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    other = send(encounter(id="another"), token, headers=key)
    body = refused(other, 422)
    assert body["type"] == "/api/v1/problems/idempotency-key-reused"
    assert Transition.objects.count() == 1


def test_application_json_is_taken_too(token: str, amira: Any) -> None:
    assert send(encounter(), token, content_type="application/json").status_code == 201


@pytest.mark.parametrize("header", [None, "Bearer alng_00000000_not-a-real-token"])
def test_a_missing_or_wrong_token_is_a_401(amira: Any, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = Client().post(
        URL, json.dumps(encounter()), content_type="application/fhir+json", headers=headers
    )
    body = refused(response, 401)
    assert body["operationOutcome"]["issue"][0]["code"] == "login"
    assert response["WWW-Authenticate"] == 'Bearer realm="alongside"'
    assert not Transition.objects.exists()


def test_someone_not_in_the_service_is_a_404(token: str, amira: Any) -> None:
    subject = {"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "4010232137"}}
    body = refused(send(encounter(subject=subject), token), 404)
    assert body["detail"] == "No such person in your service"
    assert body["operationOutcome"]["issue"][0]["code"] == "not-found"
    assert not Transition.objects.exists()


def without(key: str) -> dict[str, Any]:
    body = encounter()
    del body[key]
    return body


def period_end(value: str) -> dict[str, Any]:
    return encounter(period={"end": value})


def coded(system: str, code: str) -> dict[str, Any]:
    return encounter(hospitalization={"dischargeDisposition": {"coding": [{"system": system, "code": code}]}})


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (without("status"), "Encounter.status", "required"),
        (period_end("2026-02-30T10:00:00+00:00"), "Encounter.period.end", "day value is outside"),
        (period_end("2026-12-01T10:00:00"), "Encounter.period.end", "DateTime"),  # no offset
        (period_end("2026-11"), "Encounter.period.end", "not a day"),
        (period_end("1999-12-31T10:00:00+00:00"), "Encounter.period.end", "2000"),
        (encounter(resourceType="Patient"), "Encounter.resourceType", "send an Encounter"),
        (encounter(status="in-progress"), "Encounter.status", "finished"),
        (encounter(status="done"), "Encounter.status", "not an Encounter status"),
        (without("class"), "Encounter.class", "required"),
        (coded(fhir.UK_CORE_DESTINATION, "79"), fhir.DISPOSITION, "19, 29, 53"),
        (coded("http://example.org/codes", "home"), fhir.DISPOSITION, "no coding in a system"),
        (encounter(hospitalization={}), fhir.DISPOSITION, "say where she goes"),
        (
            encounter(
                subject={"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765918"}}
            ),
            "Encounter.subject.identifier.value",
            "check digit",
        ),
        (encounter(subject={"reference": "Patient/123"}), "Encounter.subject", "NHS number"),
        (encounter(subject={"reference": "#nobody"}), "Encounter.subject.reference", "no contained Patient"),
        (
            encounter(contained=[{"resourceType": "NoSuchThing", "id": "x"}]),
            "Encounter",
            "not a valid FHIR R4",
        ),
    ],
)
def test_an_encounter_that_does_not_fit_is_a_422_naming_the_fhirpath(
    token: str, amira: Any, body: dict[str, Any], field: str, words: str
) -> None:
    problem = refused(send(body, token), 422)
    assert problem["type"] == "/api/v1/problems/invalid-encounter"
    fields = {e["field"]: e["message"] for e in problem["errors"]}
    assert field in fields, problem["errors"]
    assert words in fields[field], fields
    assert not Transition.objects.exists() and ApiCall.objects.get().status == 422


def test_a_service_that_does_not_exist_is_a_422_at_the_destination(token: str, amira: Any) -> None:
    destination = {"identifier": {"system": fhir.SERVICE, "value": "999999"}}
    problem = refused(send(encounter(hospitalization={"destination": destination}), token), 422)
    assert problem["errors"] == [
        {
            "field": "Encounter.hospitalization.destination.identifier.value",
            "message": "no service on Alongside has id 999999",
        }
    ]


def test_a_rule_of_the_events_names_the_encounters_field(token: str, amira: Any, service: Any) -> None:
    """A GP is never a service on Alongside: the event's rule, said where the Encounter said it."""
    sent = encounter(
        hospitalization={
            "dischargeDisposition": {"coding": [{"system": fhir.ALONGSIDE_DESTINATION, "code": "gp"}]},
            "destination": {"identifier": {"system": fhir.SERVICE, "value": str(service.pk)}},
        }
    )
    problem = refused(send(sent, token), 422)
    assert [e["field"] for e in problem["errors"]] == [
        "Encounter.hospitalization.destination.identifier.value"
    ]


def test_a_body_that_is_not_json_is_a_400_and_one_not_sent_as_json_a_415(token: str, amira: Any) -> None:
    refused(send("<Encounter/>", token), 400)
    refused(send(json.dumps(encounter()), token, content_type="text/plain"), 415)
    assert not Transition.objects.exists()


def test_every_call_is_audited_as_the_json_routes_are(token: str, amira: Any, manager: Any) -> None:
    send(encounter(), token)
    send(encounter(status="planned"), token)
    calls = list(ApiCall.objects.order_by("pk").values_list("status", "path", "event_id"))
    assert calls == [(201, URL, ENCOUNTER_ID), (422, URL, ENCOUNTER_ID)]
    shown = ApiToken.objects.get().shown
    audits = AuditLog.objects.filter(model="transitions.ApiCall").order_by("pk")
    assert [a.summary.split(" answered ")[1][:3] for a in audits] == ["201", "422"]
    for audit in audits:
        assert audit.actor == manager.user and audit.role == "api" and audit.service_id == manager.service_id
        assert audit.summary.startswith(f"API token {shown}: POST {URL}")
    assert audits[0].person_id == amira.pk
    assert (
        AuditLog.objects.filter(model="transitions.Transition", action="create", person_id=amira.pk).count()
        == 1
    )


def test_its_problem_type_explains_itself() -> None:
    response = Client().get("/api/v1/problems/invalid-encounter")
    assert response.status_code == 200 and "FHIRPath" in response.content.decode()


def test_the_document_declares_fhir_json_and_links_the_specification() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/fhir/Encounter"]["post"]
    content = operation["requestBody"]["content"]
    assert content["application/fhir+json"]["schema"]["properties"]["resourceType"]["const"] == "Encounter"
    assert fhir.SPECIFICATION in operation["description"]
    assert "application/problem+json" in operation["responses"]["422"]["content"]


@pytest.mark.parametrize(("kind", "goes_to"), [("mbu", "community_perinatal"), ("community_perinatal", "gp")])
def test_home_is_her_services_usual_next_step(service: Any, kind: str, goes_to: str) -> None:
    service.kind = kind
    event = fhir.event_of(encounter(), service, fhir.Mapped())
    assert (event.kind, event.to.kind) == ("discharge", goes_to)


def test_a_wrong_method_and_an_unknown_fhir_path_carry_an_operation_outcome(token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    wrong_method = refused(Client().get(URL, headers=headers), 405)
    assert wrong_method["operationOutcome"]["issue"][0]["code"] == "not-supported"
    unknown = Client().post(
        "/api/v1/fhir/Patient", "{}", content_type="application/fhir+json", headers=headers
    )
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/problem+json"
    issue = OperationOutcome.model_validate(unknown.json()["operationOutcome"]).issue[0]
    assert (issue.code, issue.details.text) == ("not-found", unknown.json()["detail"])


def test_a_json_routes_problem_carries_no_operation_outcome(token: str) -> None:
    answer = Client().post(
        "/api/v1/events", "{}", content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 422 and "operationOutcome" not in answer.json()
    assert answer.json()["type"] == "/api/v1/problems/invalid-event"
