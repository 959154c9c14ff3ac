"""Every `/oruk/` answer, for every record, validates against the published HSDS 3.0 schemas and
the Open Referral UK profile's, as each profile's own OpenAPI document says (oruk_schemas.py).

The records are the demo directory's feed (31 services from charities, groups and NHS services)
and a few sparse ones that hold no value for each optional field, since a missing value is where
the answers used to break the schemas (a `null` where they say string). Run with `-s` to see
how many answers of each endpoint were checked.
"""

import collections
import gzip
import hashlib
import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from alongside.demo.directory import load_feed
from alongside.directory.importer import import_documents, import_oruk
from alongside.directory.models import Organization, Service, ServiceAtLocation
from alongside.directory.oruk_schemas import PROFILES, SCHEMAS, document, errors, vendored
from alongside.directory.tests.feeds import record
from alongside.vocabularies.models import Taxonomy, TaxonomyTerm

pytestmark = pytest.mark.django_db

FULL_EXAMPLES = Path(__file__).resolve().parent / "examples" / "hsds-3.0"
QUIET = {"id": str(uuid.UUID(int=77)), "name": "Quiet Collective", "description": ""}


def sparse() -> list[dict[str, Any]]:
    """Services that hold nothing optional: no web address or email, a language with no code, an
    area that is not a postcode district, a location with no description, an organisation with no
    website, email or description."""
    bare_location = {
        "id": str(uuid.UUID(int=3901)),
        "location": {"id": str(uuid.UUID(int=4901)), "name": "Community hall", "addresses": []},
    }
    return [
        record(
            901,
            url="",
            email="",
            organization=QUIET,
            attributes=[],
            languages=[{"id": str(uuid.UUID(int=1901)), "name": "British Sign Language"}],
            service_areas=[{"id": str(uuid.UUID(int=2901)), "name": "Anywhere in the West Midlands"}],
            service_at_locations=[bare_location],
        ),
        record(
            902, description="", languages=[], service_areas=[], service_at_locations=[], status="inactive"
        ),
    ]


@pytest.fixture
def directory() -> None:
    """The demo feed, the sparse services, and the specification's own full examples, whose
    fields Alongside does not model are kept as published and served again (ADR 0045)."""
    report = import_oruk([*load_feed()["contents"], *sparse()], source="test")
    assert Service.objects.filter(pk__in=[uuid.UUID(int=901), uuid.UUID(int=902)]).count() == 2, report.errors
    assert Service.objects.count() >= 31
    reports, _ = import_documents(
        (path.name, json.loads(path.read_text())) for path in FULL_EXAMPLES.glob("*_full.json")
    )
    assert [r.errors for r in reports] == [[], [], []]
    assert Service.objects.filter(extra__has_key="phones").exists()


def pages(client: Client, url: str, **params: Any) -> Iterator[dict[str, Any]]:
    """Every page of a list, following page numbers until the last."""
    number = 1
    while True:
        body = client.get(url, {**params, "page": number, "per_page": 20}).json()
        yield body
        if body["last_page"]:
            return
        number += 1


def answers() -> Iterator[tuple[str, str, Any]]:
    """(the endpoint as the specification names it, what was asked, the answer) for every record."""
    client = Client()
    yield "/", "/oruk/", client.get("/oruk/").json()
    lists: list[tuple[str, dict[str, Any]]] = [
        ("/services", {}),
        ("/services", {"full": "false"}),
        ("/services", {"minimal": "true"}),
        ("/taxonomies", {}),
        ("/taxonomy_terms", {}),
        ("/organizations", {}),
        ("/organizations", {"full": "true"}),
        ("/organizations", {"full_service": "true"}),
        ("/service_at_locations", {}),
        ("/service_at_locations", {"full": "true"}),
    ]
    for path, params in lists:
        for body in pages(client, f"/oruk{path}", **params):
            yield path, f"{path}?{params} page {body['page_number']}", body
    ones: list[tuple[str, Any, dict[str, Any]]] = [
        ("/services/{id}", Service.objects.all(), {}),
        ("/taxonomies/{id}", Taxonomy.objects.all(), {}),
        ("/taxonomy_terms/{id}", TaxonomyTerm.objects.all(), {}),
        ("/organizations/{id}", Organization.objects.all(), {}),
        ("/organizations/{id}", Organization.objects.all(), {"full_service": "true"}),
        ("/service_at_locations/{id}", ServiceAtLocation.objects.all(), {}),
    ]
    for path, rows, params in ones:
        for pk in rows.values_list("pk", flat=True):
            url = f"/oruk{path.replace('{id}', str(pk))}"
            response = client.get(url, params)
            assert response.status_code == 200, url
            yield path, url, response.json()


@pytest.mark.parametrize("profile", PROFILES)
def test_every_answer_of_every_endpoint_meets_the_published_schemas(profile: str, directory: None) -> None:
    checked: collections.Counter[str] = collections.Counter()
    records: collections.Counter[str] = collections.Counter()
    failures = []
    for path, asked, body in answers():
        checked[path] += 1
        records[path] += len(body["contents"]) if "contents" in body else 1
        failures += [f"{asked}: {problem}" for problem in errors(profile, path, body)]
    print(f"\n{profile}: answers (and records in them) checked per endpoint; any invalid fails the test")
    for path, count in sorted(checked.items()):
        print(f"  {path:30} {count:3} ({records[path]})")
    assert len(checked) == 11, sorted(checked)
    assert checked["/services/{id}"] == Service.objects.count() >= 34
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("profile", PROFILES)
def test_the_check_finds_a_null_where_the_schemas_say_string(profile: str) -> None:
    """What /oruk/ used to send: proof the check above can fail, and on what."""
    service: dict[str, Any] = {
        "id": str(uuid.UUID(int=1)),
        "name": "A service",
        "status": "active",
        "url": None,
        "languages": [{"id": str(uuid.UUID(int=2)), "name": "Urdu", "code": None}],
        "service_at_locations": [
            {
                "id": str(uuid.UUID(int=3)),
                "location": {"id": str(uuid.UUID(int=4)), "location_type": "physical", "description": None},
            }
        ],
    }
    expected = [
        "$.languages[0].code: None is not of type 'string'",
        "$.service_at_locations[0].location.description: None is not of type 'string'",
        "$.url: None is not of type 'string'",
    ]
    if profile == "uk-profile-3.0":  # the UK profile's language has no `code`, so any value passes
        expected = expected[1:]
    assert errors(profile, "/services/{id}", service) == expected
    taxonomy = {"id": str(uuid.UUID(int=5)), "name": "Ours", "description": "", "uri": None}
    assert errors(profile, "/taxonomies/{id}", taxonomy) == ["$.uri: None is not of type 'string'"]


@pytest.mark.parametrize("profile", PROFILES)
def test_the_check_finds_a_list_without_its_required_fields_or_with_a_bad_format(profile: str) -> None:
    page = {"total_items": "1", "contents": [{"id": "not-a-uuid", "name": "A service"}]}
    found = errors(profile, "/services", page)
    assert "$.total_items: '1' is not of type 'integer'" in found
    assert "$.contents[0]: 'status' is a required property" in found
    assert "$.contents[0].id: 'not-a-uuid' is not a 'uuid'" in found
    organization = {"id": str(uuid.UUID(int=6)), "name": "Org", "description": "", "website": "brightside"}
    assert errors(profile, "/organizations/{id}", organization) == ["$.website: 'brightside' is not a 'uri'"]


@pytest.mark.parametrize("profile", PROFILES)
def test_the_vendored_files_are_the_published_ones_the_readme_names(profile: str) -> None:
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    for name in vendored(profile):
        published = gzip_digest(profile, name)
        assert re.search(rf"`{profile}/{name}\.json`\s*\|\s*`{published}`", readme), (profile, name)
    assert document(profile, "openapi")["openapi"].startswith("3.")


def gzip_digest(profile: str, name: str) -> str:
    return hashlib.sha256(gzip.decompress((SCHEMAS / profile / f"{name}.json.gz").read_bytes())).hexdigest()
