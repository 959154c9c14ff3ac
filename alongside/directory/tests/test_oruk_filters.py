"""Every filter HSDS 3.0 and the UK profile define for each `/oruk/` list does what it says,
filters add up (the HSDS API reference: "Query parameters are cumulative"), and a filter on
something the directory does not record is refused, not ignored (oruk_filters.py)."""

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client

from alongside.directory.importer import import_oruk
from alongside.directory.models import Service
from alongside.directory.tests.feeds import ORG, attribute, record
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, term_id

pytestmark = pytest.mark.django_db

OTHER_ORG = {"id": str(uuid.UUID(int=88)), "name": "Dads Together", "description": "A fathers' group"}


@pytest.fixture
def three() -> None:
    """Service 1: fathers, psychosis, cafe, area B12. Service 2: a phone line for anyone, with no
    area or location, run by another organisation. Service 3: fathers only, area M1, with "walk"
    in its description."""
    import_oruk(
        [
            record(1, name="Brightside cafe"),
            record(
                2,
                name="Night line",
                organization=OTHER_ORG,
                attributes=[attribute(MODES, "phone")],
                service_areas=[],
                service_at_locations=[],
            ),
            record(
                3,
                name="Dads walking group",
                description="A walk and a talk",
                attributes=[attribute(COMMUNITIES, "fathers")],
                service_areas=[{"id": str(uuid.UUID(int=2003)), "name": "M1"}],
            ),
        ],
        source="test",
    )


def names(path: str, **params: Any) -> list[str]:
    response = Client().get(path, params)
    assert response.status_code == 200, response.content
    contents = response.json()["contents"]
    return [item["service"]["name"] if "service" in item else item["name"] for item in contents]


SERVICES, SALS = "/oruk/services", "/oruk/service_at_locations"


@pytest.mark.parametrize("path", [SERVICES, SALS])
def test_search_finds_text_in_the_name_description_or_organisation(path: str, three: None) -> None:
    assert names(path, search="WALK") == ["Dads walking group"]
    assert names(path, search="dads together") == (["Night line"] if path == SERVICES else [])  # no location
    assert names(path, search="nothing like it") == []


@pytest.mark.parametrize("path", [SERVICES, SALS])
def test_taxonomy_term_and_taxonomy_filters(path: str, three: None) -> None:
    fathers = term_id(COMMUNITIES, "fathers")
    assert names(path, taxonomy_term_id=fathers) == ["Brightside cafe", "Dads walking group"]
    assert names(path, taxonomy_id=CONDITIONS) == ["Brightside cafe"]
    everyone = ["Brightside cafe", "Dads walking group"] + (["Night line"] if path == SERVICES else [])
    assert sorted(names(path, taxonomy_id=MODES) + names(path, taxonomy_id=COMMUNITIES)) == sorted(
        [*everyone, "Brightside cafe"]
    )


def test_a_service_with_two_terms_of_the_taxonomy_is_listed_once(three: None) -> None:
    body = Client().get(SERVICES, {"taxonomy_id": str(COMMUNITIES), "per_page": "1"}).json()
    assert (body["total_items"], body["size"]) == (2, 1)


@pytest.mark.parametrize("path", [SERVICES, SALS])
def test_organization_filter(path: str, three: None) -> None:
    assert names(path, organization_id=ORG["id"]) == ["Brightside cafe", "Dads walking group"]
    assert names(SERVICES, organization_id=OTHER_ORG["id"]) == ["Night line"]


@pytest.mark.parametrize("path", [SERVICES, SALS])
def test_modified_after_keeps_what_changed_at_or_after_the_time(path: str, three: None) -> None:
    then = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    Service.objects.update(last_modified=then)
    Service.objects.filter(name="Dads walking group").update(last_modified=then + dt.timedelta(days=1))
    assert names(path, modified_after="2026-01-02T12:00:00Z") == ["Dads walking group"]
    assert names(path, modified_after="2026-01-02T13:00:00+01:00") == ["Dads walking group"]  # the same time
    assert names(path, modified_after="2026-01-02T12:00:01") == []  # no zone: UTC
    assert len(names(path, modified_after="2026-01-01")) == (3 if path == SERVICES else 2)


def test_filters_add_up(three: None) -> None:
    fathers = term_id(COMMUNITIES, "fathers")
    assert names(SERVICES, taxonomy_term_id=fathers, search="walk") == ["Dads walking group"]
    assert names(SERVICES, taxonomy_term_id=fathers, organization_id=OTHER_ORG["id"]) == []
    assert names(SALS, taxonomy_term_id=fathers, postcode="B12 0HJ") == ["Brightside cafe"]


def test_postcode_keeps_services_covering_it_and_those_open_to_anyone(three: None) -> None:
    import_oruk([record(4, name="Anywhere hub", service_areas=[])], source="test")
    assert names(SALS, postcode="b120hj") == ["Anywhere hub", "Brightside cafe"]
    assert names(SALS, postcode="M1 1AE") == ["Anywhere hub", "Dads walking group"]
    assert names(SALS, postcode="M1") == ["Anywhere hub", "Dads walking group"]  # a district will do


def test_minimal_gives_each_service_its_id_and_when_it_changed(three: None) -> None:
    body = Client().get(SERVICES, {"minimal": "true"}).json()
    assert body["total_items"] == 3
    assert {tuple(sorted(item)) for item in body["contents"]} == {("id", "last_modified", "name", "status")}


def test_full_false_gives_each_service_its_own_fields_and_organisation(three: None) -> None:
    item = Client().get(SERVICES, {"full": "false"}).json()["contents"][0]
    assert item["organization"]["name"] == "Brightside Perinatal Trust"
    assert item["organization_id"] == ORG["id"]
    assert not {"attributes", "languages", "service_areas", "service_at_locations"} & set(item)
    whole = Client().get(SERVICES).json()["contents"][0]
    assert {k: whole[k] for k in item} == item


def test_taxonomy_filters_on_the_taxonomy_lists() -> None:
    assert names("/oruk/taxonomies", search="communities") == ["Alongside communities"]
    terms = Client().get("/oruk/taxonomy_terms", {"taxonomy_id": str(MODES), "per_page": "200"}).json()
    assert terms["total_items"] > 0 and {t["taxonomy_id"] for t in terms["contents"]} == {str(MODES)}
    assert names("/oruk/taxonomy_terms", search="fathers") == ["Fathers and partners"]
    everything = Client().get("/oruk/taxonomy_terms").json()["total_items"]
    assert Client().get("/oruk/taxonomy_terms", {"top_only": "true"}).json()["total_items"] == everything
    assert names("/oruk/taxonomy_terms", parent_id=term_id(COMMUNITIES, "fathers")) == []


def test_organisations_can_be_searched(three: None) -> None:
    assert names("/oruk/organizations", search="fathers' group") == ["Dads Together"]


@pytest.mark.parametrize(
    ("path", "name", "value", "what"),
    [
        (SERVICES, "minimum_age", "16", "the ages a service is for"),
        (SERVICES, "maximum_age", "25", "the ages a service is for"),
        (SERVICES, "start_time", "09:00", "opening times"),
        (SERVICES, "end_time", "17:00", "opening times"),
        (SERVICES, "day", "Monday", "opening days"),
        (SALS, "day", "Monday", "opening days"),
        (SALS, "proximity", "1000", "where its locations are on a map (only their postcodes)"),
    ],
)
def test_a_filter_on_what_the_directory_does_not_record_is_refused(
    path: str, name: str, value: str, what: str, three: None
) -> None:
    response = Client().get(path, {name: value})
    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == f"{name}: this directory does not search on {what}, so cannot filter by it"
    )


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"taxonomy_term_id": "fathers"}, "taxonomy_term_id"),
        ({"organization_id": "1"}, "organization_id"),
        ({"modified_after": "last week"}, "modified_after"),
        ({"minimal": "perhaps"}, "minimal"),
        ({"format": "ndjson"}, "format"),
        ({"postcode": "not a postcode"}, "postcode"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_it(params: dict[str, str], named: str) -> None:
    path = SALS if "postcode" in params else SERVICES
    response = Client().get(path, params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{named}: ")


@pytest.mark.parametrize(
    "path", ["/oruk/services", "/oruk/organizations", "/oruk/taxonomies", "/oruk/service_at_locations"]
)
def test_a_search_with_a_nul_character_is_refused_not_a_server_error(client: Client, path: str) -> None:
    """PostgreSQL cannot hold a NUL in text: schemathesis sent one, and got a 500."""
    response = client.get(path, {"search": "ke\x00y"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "search" in response.json()["detail"]
