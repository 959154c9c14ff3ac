"""The clinical-systems API's OpenAPI document is served, is OpenAPI 3, describes the event
endpoint with its token and every answer, and real answers match it.

openapi-spec-validator checks the document itself (alongside/tests/test_openapi_documents.py);
the checks here are about its content, with the small JSON Schema checker the directory's tests
prove able to fail.
"""

import json
from typing import Any

import pytest
from django.test import Client

from alongside.directory.tests.test_openapi import problems, resolve
from alongside.transitions.tests.conftest import token_for
from conftest import refer

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(db: Any) -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == "$ref"] + [r for v in value.values() for r in refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in refs(v)]
    return []


def test_it_is_served_without_a_login_and_is_openapi_3(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Alongside API for clinical systems"
    assert set(document["paths"]) == {
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/fhir/Encounter",
        "/api/v1/services",
    }


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    found = refs(document)
    assert found
    for ref in found:
        resolve(document, {"$ref": ref})


def test_the_event_endpoint_needs_the_bearer_token_and_lists_every_answer(document: dict[str, Any]) -> None:
    post = document["paths"]["/api/v1/events"]["post"]
    schemes = document["components"]["securitySchemes"]
    (name,) = post["security"][0]
    assert schemes[name] == {"type": "http", "scheme": "bearer"}
    assert set(post["responses"]) == {
        "200",
        "201",
        "400",
        "401",
        "404",
        "405",
        "409",
        "413",
        "415",
        "422",
        "500",
    }
    body = resolve(document, post["requestBody"]["content"]["application/json"]["schema"])
    assert set(body["required"]) == {"event_id", "kind", "person", "to"}
    assert [set(a["required"]) for a in body["anyOf"]] == [{"occurred_at"}, {"occurred_on"}]
    assert body["properties"]["occurred_on"]["deprecated"] is True
    assert {"type": "string", "format": "date-time"} in body["properties"]["occurred_at"]["anyOf"]
    kind = resolve(document, body["properties"]["kind"])
    assert kind["enum"] == ["admission", "discharge", "transfer"]


def test_every_error_is_declared_as_a_problem(document: dict[str, Any]) -> None:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                wanted = "application/problem+json" if int(status) >= 400 else "application/json"
                assert list(answer["content"]) == [wanted], (method, path, status)
                if int(status) >= 400:
                    schema = resolve(document, answer["content"][wanted]["schema"])
                    assert {"type", "title", "status", "detail", "instance"} <= set(schema["required"])


def test_the_idempotency_key_header_is_declared(document: dict[str, Any]) -> None:
    (header,) = document["paths"]["/api/v1/events"]["post"]["parameters"]
    assert (header["in"], header["name"], header["required"]) == ("header", "Idempotency-Key", False)
    assert header["schema"]["type"] == "string" and header["schema"]["maxLength"] == 255
    assert "24 hours" in header["description"]
    created = document["paths"]["/api/v1/events"]["post"]["responses"]["201"]
    assert set(created["headers"]) == {"Location", "Idempotent-Replayed"}


def test_the_nhs_numbers_constraints_are_declared(document: dict[str, Any]) -> None:
    person = resolve(document, {"$ref": "#/components/schemas/PersonIn"})
    number = person["properties"]["nhs_number"]
    assert number["pattern"] == "^[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}$"
    assert number["format"] == "nhs-number" and "check digit" in number["description"]
    assert [a["required"] for a in person["anyOf"]] == [["reference"], ["nhs_number"]]


def test_real_answers_match_the_document(document: dict[str, Any], manager: Any, clinician: Any) -> None:
    refer(clinician, nhs_number="9434765919")
    token = token_for(manager)[1]
    responses = document["paths"]["/api/v1/events"]["post"]["responses"]

    def check(status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        response = Client().post(
            "/api/v1/events", json.dumps(body), content_type="application/json", headers=headers
        )
        assert response.status_code == status
        (media_type,) = responses[str(status)]["content"]
        assert response["Content-Type"].split(";")[0] == media_type
        schema = responses[str(status)]["content"][media_type]["schema"]
        assert problems(document, schema, json.loads(response.content)) == [], response.content

    good = {
        "event_id": "E1",
        "kind": "discharge",
        "occurred_on": "2026-01-05",
        "person": {"nhs_number": "9434765919"},
        "to": {"kind": "gp"},
    }
    auth = {"Authorization": f"Bearer {token}"}
    check(201, good, auth)
    check(200, good, auth)
    check(401, good, {})
    check(404, {**good, "event_id": "E2", "person": {"nhs_number": "4010232137"}}, auth)
    check(422, {**good, "event_id": "E3", "kind": "moved"}, auth)
    check(409, {**good, "occurred_on": "2026-01-06"}, auth)


def test_the_checker_can_fail(document: dict[str, Any]) -> None:
    schema = document["paths"]["/api/v1/events"]["post"]["responses"]["201"]["content"]["application/json"][
        "schema"
    ]
    assert problems(document, schema, {"id": "one"}) != []
