"""The OpenAPI document is served, is OpenAPI 3, describes every ORUK endpoint, and the
endpoints' real answers match it.

openapi-spec-validator checks the document itself (alongside/tests/test_openapi_documents.py);
the checks here are about its content: every $ref resolving, each real answer checked against
its schema by a small validator for the parts of JSON Schema the document uses (proved able to
fail below), every filter the published HSDS 3.0 and UK profile documents define declared, and
every error declared as problem details. The answers against the published schemas themselves:
test_oruk_schemas.py.
"""

import re
import uuid
from typing import Any

import pytest
from django.test import Client

from alongside.directory.importer import import_oruk
from alongside.directory.models import ServiceAtLocation
from alongside.directory.oruk_schemas import PROFILES
from alongside.directory.oruk_schemas import document as published
from alongside.directory.tests.feeds import ORG, record
from alongside.vocabularies.models import MODES, term_id

pytestmark = pytest.mark.django_db

REQUIRED_PATHS = {
    "/oruk/",
    "/oruk/services",
    "/oruk/services/{id}",
    "/oruk/taxonomies",
    "/oruk/taxonomies/{id}",
    "/oruk/service_at_locations",
    "/oruk/service_at_locations/{id}",
}
OPTIONAL_PATHS = {
    "/oruk/organizations",
    "/oruk/organizations/{id}",
    "/oruk/taxonomy_terms",
    "/oruk/taxonomy_terms/{id}",
}
ALL_PATHS = REQUIRED_PATHS | OPTIONAL_PATHS
JSON_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


@pytest.fixture
def document() -> dict[str, Any]:
    response = Client().get("/oruk/openapi.json")
    assert response.status_code == 200
    return response.json()


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        assert schema["$ref"].startswith("#/components/schemas/"), schema["$ref"]
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def problems(doc: dict[str, Any], schema: dict[str, Any], value: Any, at: str = "$") -> list[str]:
    """Where `value` breaks `schema` (type, required, properties, items, anyOf)."""
    schema = resolve(doc, schema)
    if "anyOf" in schema:
        if all(problems(doc, option, value, at) for option in schema["anyOf"]):
            return [f"{at}: matches none of anyOf"]
        return []
    kind = schema.get("type")
    if kind and not (
        isinstance(value, JSON_TYPES[kind]) and not (kind == "integer" and isinstance(value, bool))
    ):
        return [f"{at}: {value!r} is not {kind}"]
    found = []
    if kind == "object":
        found += [f"{at}.{key}: missing" for key in schema.get("required", []) if key not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                found += problems(doc, sub, value[key], f"{at}.{key}")
    if kind == "array":
        for i, item in enumerate(value):
            found += problems(doc, schema.get("items", {}), item, f"{at}[{i}]")
    return found


def test_the_document_is_openapi_3_with_an_info_block(document: dict[str, Any]) -> None:
    assert re.match(r"^3\.\d+\.\d+$", document["openapi"])
    assert document["info"]["title"] and document["info"]["version"]


def test_it_describes_every_oruk_endpoint_the_optional_ones_too_each_with_a_200_json_schema(
    document: dict[str, Any],
) -> None:
    assert set(document["paths"]) == ALL_PATHS
    operation_ids = []
    for path in ALL_PATHS:
        operation = document["paths"][path]["get"]
        operation_ids.append(operation["operationId"])
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert resolve(document, schema)["type"] == "object", path
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path)), path
        if "{" in path:
            assert "404" in operation["responses"], path
        elif path != "/oruk/":
            names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
            assert {"page", "per_page"} <= names and "400" in operation["responses"], path
    assert len(set(operation_ids)) == len(operation_ids)


def test_every_reference_in_the_document_resolves(document: dict[str, Any]) -> None:
    refs = re.findall(r'"\$ref": "([^"]+)"', __import__("json").dumps(document))
    assert refs, "the document should use components"
    for ref in refs:
        resolve(document, {"$ref": ref})


def test_the_lists_are_documented_with_the_oruk_page_header(document: dict[str, Any]) -> None:
    for path in sorted(p for p in ALL_PATHS if "{" not in p and p != "/oruk/"):
        schema = resolve(
            document,
            document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
        )
        assert {
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        } <= set(schema["required"])


def test_the_real_answers_match_the_document(document: dict[str, Any]) -> None:
    import_oruk(
        [record(1), record(2, url="", email="", service_areas=[], service_at_locations=[])], source="t"
    )
    sal = ServiceAtLocation.objects.get()
    client = Client()
    for path, url in [
        ("/oruk/", "/oruk/"),
        ("/oruk/services", "/oruk/services"),
        ("/oruk/services", "/oruk/services?minimal=true"),
        ("/oruk/services", "/oruk/services?full=false"),
        ("/oruk/services/{id}", f"/oruk/services/{uuid.UUID(int=1)}"),
        ("/oruk/services/{id}", f"/oruk/services/{uuid.UUID(int=2)}"),
        ("/oruk/taxonomies", "/oruk/taxonomies"),
        ("/oruk/taxonomies/{id}", f"/oruk/taxonomies/{MODES}"),
        ("/oruk/taxonomy_terms", "/oruk/taxonomy_terms"),
        ("/oruk/taxonomy_terms/{id}", f"/oruk/taxonomy_terms/{term_id(MODES, 'phone')}"),
        ("/oruk/organizations", "/oruk/organizations"),
        ("/oruk/organizations", "/oruk/organizations?full=true"),
        ("/oruk/organizations", "/oruk/organizations?full_service=true"),
        ("/oruk/organizations/{id}", f"/oruk/organizations/{ORG['id']}"),
        ("/oruk/organizations/{id}", f"/oruk/organizations/{ORG['id']}?full_service=true"),
        ("/oruk/service_at_locations", "/oruk/service_at_locations"),
        ("/oruk/service_at_locations", "/oruk/service_at_locations?full=true"),
        ("/oruk/service_at_locations/{id}", f"/oruk/service_at_locations/{sal.pk}"),
    ]:
        schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert problems(document, schema, client.get(url).json()) == [], url


def test_the_checker_finds_an_answer_that_breaks_the_document(document: dict[str, Any]) -> None:
    schema = document["paths"]["/oruk/services"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    broken = {"total_items": "5", "contents": [{"id": "x"}]}
    found = problems(document, schema, broken)
    assert "$.total_items: '5' is not integer" in found
    assert "$.empty: missing" in found
    assert "$.contents[0].name: missing" in found


def declared_filters(openapi: dict[str, Any], path: str) -> set[str]:
    """The query parameters an OpenAPI document declares for GET `path`, $refs followed."""
    operation = openapi["paths"][path]["get"]
    names = set()
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = openapi["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        if isinstance(parameter, dict) and parameter.get("in", "query") == "query":
            names.add(parameter["name"])
        elif isinstance(parameter, str):  # HSDS 3.0 lists top_only and parent_id by name alone
            names.add(parameter)
    return names


@pytest.mark.parametrize("profile", PROFILES)
def test_every_filter_the_specification_defines_is_declared(profile: str, document: dict[str, Any]) -> None:
    spec = published(profile, "openapi")
    for path in spec["paths"]:
        ours = declared_filters(document, f"/oruk{path}")
        assert declared_filters(spec, path) <= ours, (profile, path, declared_filters(spec, path) - ours)
    assert declared_filters(document, "/oruk/services") >= {"search", "modified_after", "minimal", "day"}


def test_every_error_is_declared_as_a_problem_details_document(document: dict[str, Any]) -> None:
    for path, operations in document["paths"].items():
        for status, response in operations["get"]["responses"].items():
            if str(status).startswith("4"):
                content = response["content"]
                assert list(content) == ["application/problem+json"], (path, status)
                schema = resolve(document, content["application/problem+json"]["schema"])
                assert {"type", "title", "status", "detail", "instance"} <= set(schema["required"])
