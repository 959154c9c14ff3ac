"""Importing any HSDS 3.0 / Open Referral UK feed (issue 16; ADR 0045): the specifications' own
examples, every kind of record, organisations by reference, warnings rather than refusals, every
field kept or reported, `--url` against a live server, and the round trip (what Alongside serves,
it imports unchanged). Run with `-s` to see the examples' reports."""

import copy
import io
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from alongside.demo.directory import load_feed
from alongside.directory import oruk_fetch
from alongside.directory.importer import Kind, import_documents, import_oruk, kind_of
from alongside.directory.models import Language, Location, Organization, Service, ServiceAtLocation
from alongside.directory.oruk_schemas import PROFILES, errors
from alongside.directory.tests.feeds import ORG, page, record
from conftest import client_for

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent / "examples"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"  # the examples' service
ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
LOCATION = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"


def example(profile: str, name: str) -> Any:
    return json.loads((EXAMPLES / profile / f"{name}.json").read_text(encoding="utf-8"))


def examples(profile: str) -> list[tuple[str, Any]]:
    return [(path.name, json.loads(path.read_text())) for path in sorted((EXAMPLES / profile).glob("*.json"))]


# The specifications' own examples -------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_every_published_example_imports_with_warnings_not_refusals(profile: str) -> None:
    reports, unread = import_documents(examples(profile))
    assert unread == []
    for report in reports:
        print("\n".join(report.lines()))
        assert report.errors == [], report.source
        assert report.total == 1
    # Every kind was recognised from its fields, in kind order: organisations before services…
    assert [r.source for r in reports][:2] == ["taxonomy.json", "taxonomy_term.json"]
    assert {k for r in reports for k in r.kinds} == {k.value for k in Kind}
    service = Service.objects.get(pk=SERVICE)
    assert str(service.organization_id) == ORGANIZATION
    assert ServiceAtLocation.objects.filter(service=service).exists()
    warnings = [w.reason for r in reports for w in r.warnings]
    # The examples' postcode is not a UK one: a warning, and the location is kept without it.
    assert any("'ABC 1234', which is not a UK postcode" in w for w in warnings)
    assert Location.objects.get(pk=LOCATION).postcode == ""
    if profile == "uk-profile-3.0":  # its language has only an id: left out, with a warning
        assert any("has neither a name nor a code, so it was left out" in w for w in warnings)


def test_every_field_of_the_full_example_is_kept_or_reported_by_name() -> None:
    full = example("hsds-3.0", "service_full")
    report = import_oruk(full, source="service_full.json")
    assert report.errors == []
    service = Service.objects.get(pk=SERVICE)
    for key in (
        "phones",
        "schedules",
        "contacts",
        "cost_options",
        "funding",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "required_documents",
    ):
        assert service.extra[key] == full[key], key
    assert set(report.kept()) >= {"phones", "schedules", "contacts", "cost_options", "required_documents"}
    assert "languages[].note (1)" in report.not_kept() and "service_areas[].extent (1)" in report.not_kept()
    # Every key of the record is somewhere: modelled, kept, derived, or reported as not kept.
    modelled = {"id", "name", "status", "description", "url", "email", "organization", "last_modified"}
    children = {"attributes", "languages", "service_areas", "service_at_locations"}
    assert set(full) == modelled | children | set(service.extra)


def test_what_was_kept_is_served_again_and_still_meets_both_schemas(client: Client) -> None:
    full = example("hsds-3.0", "service_full")
    import_oruk(full, source="service_full.json")
    served = client.get(f"/oruk/services/{SERVICE}").json()
    for key in ("phones", "schedules", "contacts", "cost_options", "funding", "required_documents"):
        assert served[key] == full[key], key
    assert (
        served["minimum_age"] == 12 and served["eligibility_description"] == full["eligibility_description"]
    )
    sal = served["service_at_locations"][0]
    assert sal["phones"] == full["service_at_locations"][0]["phones"]
    assert sal["location"]["latitude"] == full["service_at_locations"][0]["location"]["latitude"]
    for profile in PROFILES:
        assert errors(profile, "/services/{id}", served) == []
        listed = client.get("/oruk/services", {"full": "true"}).json()
        assert errors(profile, "/services", listed) == []
    direct = client.get("/oruk/services", {"full": "false"}).json()["contents"][0]
    assert direct["eligibility_description"] == full["eligibility_description"] and "phones" not in direct


# Kinds, references and warnings ----------------------------------------------------------------


def test_each_records_kind_is_recognised_from_its_fields() -> None:
    assert kind_of(record(1)) is Kind.SERVICE
    assert kind_of(ORG) is Kind.ORGANIZATION
    assert kind_of({"id": "x", "name": "Bare", "description": ""}) is Kind.ORGANIZATION
    assert kind_of({"id": "x", "service_id": "y", "location_id": "z"}) is Kind.SERVICE_AT_LOCATION
    assert kind_of(example("hsds-3.0", "taxonomy")) is Kind.TAXONOMY
    assert kind_of(example("uk-profile-3.0", "taxonomy")) is Kind.TAXONOMY
    assert kind_of(example("uk-profile-3.0", "taxonomy_term")) is Kind.TAXONOMY_TERM
    assert kind_of({"id": "x", "name": "What am I"}) is None
    report = import_oruk([{"id": "x", "name": "What am I"}], source="odd")
    assert "its fields do not say which" in report.errors[0].reason


def test_an_organisation_file_is_imported_as_organisations_not_as_services_missing_a_status() -> None:
    report = import_oruk(page(ORG), source="organizations.json")
    assert report.errors == [] and report.kinds == {"organization": 1}
    assert Organization.objects.get().name == ORG["name"] and not Service.objects.exists()


def test_a_service_may_name_its_organisation_by_reference() -> None:
    bare = record(1)
    del bare["organization"]
    bare["organization_id"] = ORG["id"]
    refused = import_oruk([bare], source="services.json")
    assert "is not in this import or in Alongside's directory" in refused.errors[0].reason
    assert not Service.objects.exists()
    # Named together, in any order, the organisation goes first.
    reports, _ = import_documents([("services.json", [bare]), ("organizations.json", page(ORG))])
    assert [r.source for r in reports] == ["organizations.json", "services.json"]
    assert all(r.errors == [] for r in reports)
    assert str(Service.objects.get().organization_id) == ORG["id"]
    wrong = record(2, organization_id=str(uuid.uuid4()))
    assert "is not the id of its organization" in import_oruk([wrong], source="x").errors[0].reason


def test_a_child_that_breaks_the_schema_is_left_out_with_a_warning_and_the_rest_kept() -> None:
    broken = record(1)
    broken["service_at_locations"][0]["location"]["addresses"][0].pop("city")
    broken["languages"].append({"name": "Polish"})  # no id: HSDS 3.0 requires one
    report = import_oruk(page(broken), source="feed.json")
    assert report.errors == [] and report.created == [str(uuid.UUID(int=1))]
    reasons = [w.reason for w in report.warnings]
    assert any(
        r.startswith("$.contents[0].languages[1]: left out: it does not fit HSDS 3.0") for r in reasons
    )
    assert any("$.contents[0].service_at_locations[0].location.addresses[0]: left out" in r for r in reasons)
    assert any("'city' is a required property" in r for r in reasons)
    service = Service.objects.get()
    assert [lang.name for lang in service.languages.all()] == ["Urdu"]
    assert service.service_at_locations.get().location.postcode == ""  # its only address was left out


def test_a_key_left_out_leaves_what_is_held_and_an_empty_one_clears_it() -> None:
    import_oruk([record(1, phones=[{"id": str(uuid.uuid4()), "number": "0121 496 0000"}])], source="a")
    partial = {
        "id": str(uuid.UUID(int=1)),
        "name": "Service 1",
        "status": "inactive",
        "organization_id": ORG["id"],
    }
    import_oruk([partial], source="b")
    service = Service.objects.get()
    assert service.status == "inactive" and service.languages.count() == 1 and service.extra == {}
    # A service record is whole: what it no longer says it no longer has (the phone has gone).
    import_oruk([record(1)], source="c")
    assert "phones" not in Service.objects.get().extra
    assert Language.objects.count() == 1


# The command ---------------------------------------------------------------------------------


def test_the_command_takes_several_files_in_any_order_and_exits_0_with_only_warnings(tmp_path: Path) -> None:
    paths = []
    for name in ("service_at_location_full", "service_full", "organization_full"):
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps(example("hsds-3.0", name)))
    out = io.StringIO()
    call_command("import_oruk", *map(str, paths), stdout=out)
    printed = out.getvalue()
    assert printed.index("organization_full.json") < printed.index("service_full.json")
    assert "Warnings (imported, with what is said):" in printed and "Kept as published" in printed
    assert "In all: 3 files read, 0 not; 1 new, 2 updated, 0 not imported, 3 warnings" in printed


def test_the_command_exits_1_when_every_record_failed(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([record(1, status="open"), record(2, id="nope")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 records not imported") as failed:
        call_command("import_oruk", str(path), stdout=out)
    assert failed.value.returncode == 1
    assert "In all: 1 file read, 0 not; 0 new, 0 updated, 2 not imported" in out.getvalue()


class Feed:
    """A live feed on a local HTTP server: each path answers its pages by `page`, or a status."""

    def __init__(self) -> None:
        self.pages: dict[str, list[Any]] = {}
        self.fail: dict[tuple[str, int], int] = {}
        self.asked: list[str] = []
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                feed.asked.append(self.path)
                number = int(parse_qs(parts.query).get("page", ["1"])[0])
                status = feed.fail.get((parts.path, number))
                pages = feed.pages.get(parts.path)
                if status is None and (pages is None or number > len(pages)):
                    status = 404
                body = b'{"detail": "no"}' if status else json.dumps(pages[number - 1]).encode()  # type: ignore[index]
                self.send_response(status or 200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paged(self, path: str, records: list[Any], per_page: int) -> None:
        chunks = [records[i : i + per_page] for i in range(0, len(records), per_page)] or [[]]
        self.pages[path] = [
            {
                "total_items": len(records),
                "total_pages": len(chunks),
                "page_number": n,
                "size": len(chunk),
                "first_page": n == 1,
                "last_page": n == len(chunks),
                "empty": not chunk,
                "contents": chunk,
            }
            for n, chunk in enumerate(chunks, start=1)
        ]


@pytest.fixture
def feed() -> Iterator[Feed]:
    served = Feed()
    yield served
    served.server.shutdown()


def test_url_reads_a_live_feed_page_by_page(feed: Feed) -> None:
    feed.paged("/oruk/services", [record(n) for n in range(1, 8)], per_page=3)
    out = io.StringIO()
    call_command("import_oruk", "--url", f"{feed.url}/oruk/services", "--per-page", "3", stdout=out)
    assert Service.objects.count() == 7
    assert [parse_qs(urlsplit(a).query)["page"] for a in feed.asked] == [["1"], ["2"], ["3"]]
    assert all("full=true" in a and "per_page=3" in a for a in feed.asked)
    assert "In all: 3 pages read, 0 not; 7 new, 0 updated, 0 not imported" in out.getvalue()


def test_a_page_that_cannot_be_read_stops_there_and_exits_1(feed: Feed) -> None:
    feed.paged("/oruk/services", [record(n) for n in range(1, 8)], per_page=3)
    feed.fail[("/oruk/services", 2)] = 500
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 page not read"):
        call_command(
            "import_oruk",
            "--url",
            f"{feed.url}/oruk/services",
            "--per-page",
            "3",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Page 2" in err.getvalue() and "answered 500" in err.getvalue()
    assert Service.objects.count() == 3  # page 1 stays imported
    with pytest.raises(CommandError, match="1 page not read"):
        call_command("import_oruk", "--url", "file:///etc/passwd", stdout=io.StringIO(), stderr=err)
    assert "'file:///etc/passwd' is not a web address (http or https)" in err.getvalue()


def test_a_page_address_keeps_its_own_query_and_asks_for_full_services() -> None:
    assert oruk_fetch.page_address("https://x.org/oruk/services?search=dads&page=9", 2, 50) == (
        "https://x.org/oruk/services?search=dads&full=true&page=2&per_page=50"
    )
    assert "full" not in oruk_fetch.page_address("https://x.org/oruk/organizations", 1, 50)
    assert "full=true" not in oruk_fetch.page_address("https://x.org/oruk/services?minimal=true", 1, 50)


# The round trip --------------------------------------------------------------------------------


def _served(client: Client) -> list[Any]:
    pages = []
    number = 1
    while True:
        answer = client.get("/oruk/services", {"full": "true", "page": str(number), "per_page": "10"}).json()
        pages.append(answer)
        if answer["last_page"]:
            return pages
        number += 1


def _without_times(pages: list[Any]) -> list[Any]:
    pages = copy.deepcopy(pages)
    for one in pages:
        for service in one["contents"]:
            service.pop("last_modified")
    return pages


def test_what_alongside_serves_it_imports_unchanged(client: Client, feed: Feed) -> None:
    """The demo directory and the specification's full example, served, wiped, imported from the
    served pages over HTTP, and served again: the same, field for field (but the times changed)."""
    import_oruk(load_feed(), source="demo")
    import_oruk(example("hsds-3.0", "service_full"), source="example")
    before = _served(client)
    assert sum(len(p["contents"]) for p in before) == 32
    feed.pages["/oruk/services"] = before
    ServiceAtLocation.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    out = io.StringIO()
    call_command("import_oruk", "--url", f"{feed.url}/oruk/services", "--per-page", "10", stdout=out)
    printed = out.getvalue()
    assert "32 new, 0 updated, 0 not imported, 0 warnings" in printed
    assert "Not kept" not in printed  # nothing Alongside itself serves is lost
    assert _without_times(_served(client)) == _without_times(before)


def test_a_peer_worker_sees_the_phone_times_and_who_it_is_for_that_the_publisher_gave(
    peer_worker: Any,
) -> None:
    import_oruk(load_feed(), source="demo")
    body = client_for(peer_worker).get("/directory/", {"q": "Sahara listening line"}).content.decode()
    assert 'href="tel:01214960731"' in body and "0121 496 0731" in body
    assert "Weekdays, 10am to 4pm" in body
    assert "Mothers and mothers-to-be in Birmingham, from pregnancy until the baby is two" in body
    hostile = record(9, phones=[{"id": str(uuid.uuid4()), "number": "<script>alert(1)</script>"}])
    import_oruk([hostile], source="x")
    page_html = client_for(peer_worker).get("/directory/", {"q": "Service 9"}).content.decode()
    assert "<script>alert(1)</script>" not in page_html and "&lt;script&gt;" in page_html
