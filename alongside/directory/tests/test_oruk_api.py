"""The ORUK endpoints: public and read-only, in the shape ORUK asks for, paginated."""

import json
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.directory.importer import import_oruk
from alongside.directory.models import ServiceAtLocation
from alongside.directory.tests.feeds import ORG, record
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, term_id

pytestmark = pytest.mark.django_db

LISTS = [
    "/oruk/services",
    "/oruk/taxonomies",
    "/oruk/taxonomy_terms",
    "/oruk/organizations",
    "/oruk/service_at_locations",
]
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def five() -> list[str]:
    import_oruk([record(n, name=f"Service {n}") for n in range(1, 6)], source="test")
    return [str(uuid.UUID(int=n)) for n in range(1, 6)]


def ones(five: list[str]) -> list[str]:
    """One address of each endpoint that takes an id."""
    sal = ServiceAtLocation.objects.first()
    return [
        f"/oruk/services/{five[0]}",
        f"/oruk/taxonomies/{CONDITIONS}",
        f"/oruk/taxonomy_terms/{term_id(MODES, 'cafe-group')}",
        f"/oruk/organizations/{ORG['id']}",
        f"/oruk/service_at_locations/{sal.pk}",
    ]


def get(url: str, **params: Any) -> Any:
    """As anyone on the internet: no login, no key."""
    return Client().get(url, params)


def test_the_root_says_the_version_and_profile_and_where_the_openapi_document_is() -> None:
    response = get("/oruk/")
    assert response.status_code == 200
    assert response.json() == {
        "version": "3.0",
        "profile": "https://docs.openreferraluk.org/en/latest/",
        "openapi_url": "http://testserver/oruk/openapi.json",
    }


@pytest.mark.parametrize("path", ["/oruk/", *LISTS, "/oruk/openapi.json"])
def test_every_endpoint_answers_anyone_without_logging_in_and_allows_other_sites(
    path: str, five: Any
) -> None:
    response = get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_endpoints_that_take_an_id_answer_anyone_too(five: list[str]) -> None:
    for path in ones(five):
        response = get(path)
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_is_read_only(method: str, five: list[str]) -> None:
    client = Client()
    for path in [*LISTS, *ones(five)]:
        response = getattr(client, method)(path)
        assert response.status_code == 405, path
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == f"{method.upper()} is not allowed here: it is read-only"


def test_services_are_listed_in_pages_with_the_oruk_header(five: list[str]) -> None:
    first = get("/oruk/services", per_page=2).json()
    assert set(first) == PAGE_KEYS
    assert {k: first[k] for k in PAGE_KEYS - {"contents"}} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    assert [s["name"] for s in first["contents"]] == ["Service 1", "Service 2"]
    last = get("/oruk/services", per_page=2, page=3).json()
    assert (last["page_number"], last["size"], last["first_page"], last["last_page"]) == (3, 1, False, True)
    assert [s["id"] for s in last["contents"]] == [five[4]]
    everything = get("/oruk/services").json()
    assert (everything["total_pages"], everything["size"], everything["last_page"]) == (1, 5, True)


def test_a_page_past_the_last_is_empty() -> None:
    body = get("/oruk/services", page=4).json()
    assert (body["total_items"], body["empty"], body["contents"], body["last_page"]) == (0, True, [], True)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "two"},
        {"per_page": "0"},
        {"per_page": "201"},
        {"per_page": "ten"},
    ],
)
@pytest.mark.parametrize("path", LISTS)
def test_a_bad_page_or_per_page_is_a_400_problem(path: str, params: dict[str, str]) -> None:
    response = get(path, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert (body["status"], body["title"]) == (400, "Bad Request")
    assert next(iter(params)) in body["detail"]


def test_a_service_comes_whole_with_its_organisation_attributes_languages_areas_and_locations(
    five: list[str],
) -> None:
    body = get(f"/oruk/services/{five[0]}").json()
    assert {k: body[k] for k in ("id", "name", "status", "url", "email")} == {
        "id": five[0],
        "name": "Service 1",
        "status": "active",
        "url": "https://brightside.example.org/1",
        "email": "hello@brightside.example.org",
    }
    assert body["organization"]["name"] == "Brightside Perinatal Trust"
    assert body["organization"]["website"] == "https://brightside.example.org"
    terms = {a["taxonomy_term"]["code"]: a for a in body["attributes"]}
    assert set(terms) == {"postpartum-psychosis", "fathers", "cafe-group"}
    fathers = terms["fathers"]
    assert fathers["link_id"] == five[0] and fathers["link_entity"] == "service"
    assert fathers["taxonomy_term"]["taxonomy_id"] == str(COMMUNITIES)
    assert fathers["taxonomy_term"]["taxonomy_detail"]["name"] == "Alongside communities"
    assert [(lang["name"], lang["code"]) for lang in body["languages"]] == [("Urdu", "ur")]
    assert [a["name"] for a in body["service_areas"]] == ["B12"]
    address = body["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["postal_code"], address["city"], address["country"]) == ("B12 0HJ", "Birmingham", "GB")
    assert body["last_modified"].endswith("+00:00")


def test_services_are_served_whatever_their_status() -> None:
    import_oruk([record(1, status="defunct")], source="test")
    assert [s["status"] for s in get("/oruk/services").json()["contents"]] == ["defunct"]


@pytest.mark.parametrize(
    ("path", "what"),
    [
        ("services", "service"),
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy_term"),
        ("organizations", "organization"),
        ("service_at_locations", "service_at_location"),
    ],
)
@pytest.mark.parametrize("pk", [str(uuid.UUID(int=999)), "not-a-uuid"])
def test_an_unknown_id_is_a_404_problem(path: str, what: str, pk: str) -> None:
    response = get(f"/oruk/{path}/{pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": f"No {what} with id {pk}",
        "instance": f"/oruk/{path}/{pk}",
    }


def test_taxonomies_list_ours_and_each_can_be_fetched() -> None:
    body = get("/oruk/taxonomies").json()
    assert set(body) == PAGE_KEYS
    ids = {t["id"] for t in body["contents"]}
    assert {str(CONDITIONS), str(COMMUNITIES), str(MODES)} <= ids
    one = get(f"/oruk/taxonomies/{MODES}").json()
    # Ours have no uri: it is left out, not sent as null (ADR 0042).
    assert one["name"] == "Alongside modes of support" and set(one) == {
        "id",
        "name",
        "description",
        "version",
    }
    assert one["version"]


def test_services_at_locations_are_listed_and_fetched_with_their_service_and_location(
    five: list[str],
) -> None:
    body = get("/oruk/service_at_locations", per_page=2).json()
    assert (body["total_items"], body["total_pages"], body["size"]) == (5, 3, 2)
    first = body["contents"][0]
    assert "attributes" not in first["service"]  # in a list, the service's own fields only
    one = get(f"/oruk/service_at_locations/{first['id']}").json()
    assert one == get("/oruk/service_at_locations", per_page=2, full="true").json()["contents"][0]
    assert {k: one[k] for k in first if k != "service"} == {k: first[k] for k in first if k != "service"}
    assert (
        one["service"]["id"] == five[0]
        and one["service"]["organization"]["name"] == "Brightside Perinatal Trust"
        and len(one["service"]["attributes"]) == 3
    )
    assert one["location"]["name"] == "Brightside Hub" and one["location_id"] == one["location"]["id"]


def test_a_page_of_services_takes_the_same_queries_for_5_as_for_50() -> None:
    def queries(n: int) -> int:
        import_oruk([record(i) for i in range(1, n + 1)], source="test")
        with CaptureQueriesContext(connection) as captured:
            assert get("/oruk/services", per_page=100).json()["size"] == n
        return len(captured)

    assert queries(5) == queries(50)


def test_organisations_are_listed_and_each_comes_with_its_services(five: list[str]) -> None:
    import_oruk(
        [record(6, organization={"id": str(uuid.UUID(int=66)), "name": "Another Trust", "description": ""})],
        source="test",
    )
    body = get("/oruk/organizations").json()
    assert set(body) == PAGE_KEYS
    assert [o["name"] for o in body["contents"]] == ["Another Trust", "Brightside Perinatal Trust"]
    assert "services" not in body["contents"][0]
    one = get(f"/oruk/organizations/{ORG['id']}").json()
    assert (one["name"], one["website"], one["description"]) == (
        "Brightside Perinatal Trust",
        "https://brightside.example.org",
        "A charity for mothers",
    )
    assert [s["id"] for s in one["services"]] == five
    assert "attributes" not in one["services"][0]
    whole = get(f"/oruk/organizations/{ORG['id']}", full_service="true").json()
    assert whole["services"][0] == get(f"/oruk/services/{five[0]}").json()
    listed = get("/oruk/organizations", full="true").json()["contents"]
    assert [len(o["services"]) for o in listed] == [1, 5] and "attributes" not in listed[1]["services"][0]
    listed_whole = get("/oruk/organizations", full_service="true").json()["contents"]
    assert listed_whole[1]["services"] == whole["services"]


def test_taxonomy_terms_are_listed_and_each_can_be_fetched_with_its_taxonomy() -> None:
    body = get("/oruk/taxonomy_terms", per_page=200).json()
    assert set(body) == PAGE_KEYS and body["total_items"] == body["size"] > 10
    fathers = next(t for t in body["contents"] if t["code"] == "fathers")
    assert fathers["id"] == str(term_id(COMMUNITIES, "fathers"))
    assert fathers["taxonomy_id"] == str(COMMUNITIES)
    assert fathers["taxonomy_detail"]["name"] == "Alongside communities"
    assert get(f"/oruk/taxonomy_terms/{fathers['id']}").json() == fathers


def test_nothing_is_sent_as_null_where_no_value_is_held() -> None:
    import_oruk(
        [
            record(
                1,
                url="",
                email="",
                languages=[{"id": str(uuid.UUID(int=1001)), "name": "British Sign Language"}],
                service_areas=[{"id": str(uuid.UUID(int=2001)), "name": "Anywhere"}],
            )
        ],
        source="test",
    )
    body = get(f"/oruk/services/{uuid.UUID(int=1)}").content.decode()
    assert "null" not in body
    service = json.loads(body)
    assert "url" not in service and "email" not in service
    assert service["languages"] == [
        {"id": str(uuid.UUID(int=1001)), "service_id": str(uuid.UUID(int=1)), "name": "British Sign Language"}
    ]
    assert "description" not in service["service_areas"][0]
    assert "description" not in service["service_at_locations"][0]["location"]
    assert "null" not in get("/oruk/service_at_locations").content.decode()
    assert "null" not in get("/oruk/taxonomies").content.decode()
