"""Every `/oruk/` address, as plain HTTP: HEAD, a browser's CORS preflight, and errors as JSON
problem details (RFC 9457) rather than Django's HTML pages (alongside/directory/oruk_http.py)."""

import uuid
from typing import Any

import pytest
from django.test import Client

from alongside.directory.importer import import_oruk
from alongside.directory.models import ServiceAtLocation
from alongside.directory.tests.feeds import ORG, record
from alongside.vocabularies.models import CONDITIONS, MODES, term_id

pytestmark = pytest.mark.django_db

SERVICE = str(uuid.UUID(int=1))


@pytest.fixture
def every_get() -> list[str]:
    """One address of every GET endpoint, the OpenAPI document's included."""
    import_oruk([record(1)], source="test")
    sal = ServiceAtLocation.objects.get()
    return [
        "/oruk/",
        "/oruk/openapi.json",
        "/oruk/services",
        f"/oruk/services/{SERVICE}",
        "/oruk/taxonomies",
        f"/oruk/taxonomies/{CONDITIONS}",
        "/oruk/taxonomy_terms",
        f"/oruk/taxonomy_terms/{term_id(MODES, 'cafe-group')}",
        "/oruk/organizations",
        f"/oruk/organizations/{ORG['id']}",
        "/oruk/service_at_locations",
        f"/oruk/service_at_locations/{sal.pk}",
    ]


def test_head_answers_every_get_endpoint_with_its_headers_and_no_body(every_get: list[str]) -> None:
    client = Client()
    for path in every_get:
        got, head = client.get(path), client.head(path)
        assert (got.status_code, head.status_code) == (200, 200), path
        assert head.content == b"", path
        assert head["Content-Type"] == got["Content-Type"], path
        assert head["Content-Length"] == str(len(got.content)), path
        assert head["Access-Control-Allow-Origin"] == "*", path


def test_head_of_an_unknown_id_is_a_404_too() -> None:
    response = Client().head(f"/oruk/services/{uuid.UUID(int=999)}")
    assert (response.status_code, response.content) == (404, b"")
    assert response["Content-Type"] == "application/problem+json"


def preflight(path: str, **headers: Any) -> Any:
    return Client().options(
        path,
        headers={
            "Origin": "https://other-directory.example",
            "Access-Control-Request-Method": "GET",
            **headers,
        },
    )


def test_a_cors_preflight_is_answered_204_with_what_may_be_sent(every_get: list[str]) -> None:
    for path in [*every_get, "/oruk/no-such-thing"]:
        response = preflight(path, **{"Access-Control-Request-Headers": "accept, if-none-match"})
        assert response.status_code == 204, path
        assert response.content == b""
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        allowed = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
        assert {"accept", "if-none-match"} <= allowed
        assert int(response["Access-Control-Max-Age"]) > 0


def test_every_answer_may_be_read_from_another_site_errors_included(every_get: list[str]) -> None:
    client = Client(headers={"Origin": "https://other-directory.example"})
    for path in [*every_get, "/oruk/nothing-here", "/oruk/services?page=0"]:
        assert client.get(path)["Access-Control-Allow-Origin"] == "*", path


@pytest.mark.parametrize(
    "path", ["/oruk/nothing-here", "/oruk/services/", "/oruk/services/1/2", "/oruk/organisations"]
)
def test_an_unknown_address_under_oruk_is_a_404_problem_not_an_html_page(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": f"There is nothing at {path}; the endpoints are listed at /oruk/openapi.json",
        "instance": path,
    }


def test_a_post_to_an_unknown_address_is_a_404_problem_not_a_csrf_page() -> None:
    response = Client(enforce_csrf_checks=True).post("/oruk/nothing-here", {})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_bad_parameter_is_a_400_problem_naming_it() -> None:
    response = Client().get("/oruk/services", {"taxonomy_id": "fathers"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["title"], body["status"], body["instance"]) == (
        "about:blank",
        "Bad Request",
        400,
        "/oruk/services",
    )
    assert body["detail"].startswith("taxonomy_id: ")
