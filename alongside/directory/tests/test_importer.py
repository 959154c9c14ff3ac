"""Importing an Open Referral UK feed: bad records are reported one by one, the rest imported,
and importing again updates rather than duplicates."""

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from alongside.audit.models import AuditLog
from alongside.demo.directory import FEED, load_feed
from alongside.directory.importer import FeedError, import_oruk
from alongside.directory.models import (
    Language,
    Location,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from alongside.directory.tests.feeds import page, record
from alongside.vocabularies.models import CONDITIONS, Taxonomy, TaxonomyTerm, term_id

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    models = (
        Organization,
        Service,
        Language,
        ServiceArea,
        Location,
        ServiceAtLocation,
        TaxonomyTerm,
        Taxonomy,
    )
    return {m.__name__: m.objects.count() for m in models}


def test_a_good_feed_is_imported_with_everything_a_service_has() -> None:
    report = import_oruk(page(record(1)), source="test.json")
    assert (report.created, report.updated, report.errors) == ([str(uuid.UUID(int=1))], [], [])
    service = Service.objects.get(pk=uuid.UUID(int=1))
    assert service.organization.name == "Brightside Perinatal Trust"
    assert service.organization.website == "https://brightside.example.org"
    assert {t.code for t in service.terms.all()} == {"postpartum-psychosis", "fathers", "cafe-group"}
    assert [(lang.name, lang.code) for lang in service.languages.all()] == [("Urdu", "ur")]
    assert [(a.name, a.district) for a in service.service_areas.all()] == [("B12", "B12")]
    location = service.service_at_locations.get().location
    assert (location.name, location.postcode) == ("Brightside Hub", "B12 0HJ")
    assert service.source == "test.json"


def test_a_list_of_services_and_a_single_service_are_accepted_too() -> None:
    assert import_oruk([record(1), record(2)], source="list").created == [
        str(uuid.UUID(int=i)) for i in (1, 2)
    ]
    assert import_oruk(record(3), source="one").created == [str(uuid.UUID(int=3))]


def term_attribute(term: dict[str, Any]) -> dict[str, Any]:
    """An HSDS 3.0 attribute for a term (the term needs a name and a description, even empty)."""
    return {
        "id": str(uuid.uuid4()),
        "taxonomy_term_id": term["id"],
        "taxonomy_term": {"description": "", **term},
    }


# What breaks the record itself refuses it, by JSON path in the file (the schema's words), or by
# Alongside's own rule where the schema allows it.
BAD = [
    ({"id": "brightside-42"}, "brightside-42", "$.contents[1].id: 'brightside-42' is not a 'uuid'"),
    ({"id": ""}, "(record 2, no id)", "id is missing"),
    ({"name": "  "}, None, "name is missing"),
    ({"status": "open"}, None, "$.contents[1].status: 'open' is not one of ['active'"),
    ({"status": None}, None, "$.contents[1].status: None is not one of"),
    ({"url": "text NIGHT to 85258"}, None, "$.contents[1].url: 'text NIGHT to 85258' is not a 'uri'"),
    ({"url": "ftp://example.org/x"}, None, "url 'ftp://example.org/x' is not a web address (http or https)"),
    ({"email": "not an email"}, None, "$.contents[1].email: 'not an email' is not a 'email'"),
    ({"organization": None}, None, "$.contents[1].organization: None is not of type 'object'"),
    (
        {"organization": {"name": "No id", "description": ""}},
        None,
        "$.contents[1].organization: 'id' is a required",
    ),
    (
        {"organization": {"id": str(uuid.uuid4()), "name": "", "description": ""}},
        None,
        "organization name is missing",
    ),
    ({"languages": "Urdu"}, None, "$.contents[1].languages: 'Urdu' is not of type 'array'"),
    (
        {
            "attributes": [
                term_attribute({"id": str(uuid.uuid4()), "name": "Made up", "taxonomy_id": str(CONDITIONS)})
            ]
        },
        None,
        "is not one of Alongside's own terms",
    ),
    (
        {"attributes": [term_attribute({"id": str(uuid.uuid4()), "name": "Orphan"})]},
        None,
        "names no taxonomy",
    ),
]


@pytest.mark.parametrize(("overrides", "reported_id", "reason"), BAD)
def test_each_bad_record_is_reported_with_its_id_and_reason_and_the_rest_are_imported(
    overrides: dict[str, Any], reported_id: str | None, reason: str
) -> None:
    bad = record(2, **overrides)
    report = import_oruk(page(record(1), bad, record(3)), source="test.json")
    assert report.created == [str(uuid.UUID(int=1)), str(uuid.UUID(int=3))]
    assert len(report.errors) == 1
    error = report.errors[0]
    assert error.id == (reported_id if reported_id is not None else str(uuid.UUID(int=2)))
    assert reason in error.reason
    assert not Service.objects.filter(pk=uuid.UUID(int=2)).exists()


def test_a_record_that_is_not_an_object_is_reported_by_its_place() -> None:
    report = import_oruk(["just text", record(1)], source="test.json")
    assert [(e.id, e.reason) for e in report.errors] == [("(record 1, no id)", "is not a JSON object")]
    assert report.created == [str(uuid.UUID(int=1))]


def test_a_record_that_fails_half_way_leaves_nothing_behind() -> None:
    import_oruk([record(1)], source="first")
    before = counts()
    # Its language's id is service 1's: the clash is found only while writing.
    clash = record(2, languages=[{"id": str(uuid.UUID(int=1001)), "name": "Polish"}])
    clash["organization"] = {"id": str(uuid.uuid4()), "name": "A new organisation", "description": ""}
    report = import_oruk([clash], source="second")
    assert [e.id for e in report.errors] == [str(uuid.UUID(int=2))]
    assert "already belongs to another record" in report.errors[0].reason
    assert counts() == before


def test_the_same_id_twice_in_one_feed_is_reported_and_only_the_first_is_kept() -> None:
    report = import_oruk([record(1), record(1, name="Again")], source="test.json")
    assert report.created == [str(uuid.UUID(int=1))]
    assert [e.id for e in report.errors] == [str(uuid.UUID(int=1))]
    assert Service.objects.get().name == "Service 1"


def test_importing_again_updates_rather_than_duplicates() -> None:
    import_oruk(page(record(1), record(2)), source="test.json")
    before = counts()
    changed = record(
        1,
        name="Renamed service",
        status="temporarily closed",
        languages=[{"id": str(uuid.UUID(int=1001)), "name": "Bengali"}],
        service_areas=[{"id": str(uuid.UUID(int=2001)), "name": "B13"}],
    )
    report = import_oruk(page(changed, record(2)), source="test.json")
    assert report.created == []
    assert report.updated == [str(uuid.UUID(int=1)), str(uuid.UUID(int=2))]
    assert counts() == before
    service = Service.objects.get(pk=uuid.UUID(int=1))
    assert (service.name, service.status) == ("Renamed service", "temporarily closed")
    assert [lang.name for lang in service.languages.all()] == ["Bengali"]
    assert [a.district for a in service.service_areas.all()] == ["B13"]


def test_a_location_dropped_from_a_service_is_taken_off_it_on_import() -> None:
    import_oruk([record(1)], source="test.json")
    import_oruk([record(1, service_at_locations=[])], source="test.json")
    assert not ServiceAtLocation.objects.exists()


def test_another_directorys_taxonomy_terms_are_kept_with_their_taxonomy() -> None:
    theirs: dict[str, Any] = {
        "id": "f3b9d1c2-5d0a-4bb4-8ea4-1d3c5f7a9b11",
        "code": "bfs",
        "name": "Breastfeeding support",
        "taxonomy_detail": {
            "id": "0b0e3f6c-1b2a-4d5e-8f90-123456789abc",
            "name": "esdNeeds",
            "description": "",
        },
    }
    import_oruk([record(1, attributes=[term_attribute(theirs)])], source="test.json")
    term = TaxonomyTerm.objects.get(pk=uuid.UUID(theirs["id"]))
    assert (term.name, term.taxonomy.name) == ("Breastfeeding support", "esdNeeds")
    assert Service.objects.get().terms.get() == term


def test_a_feed_of_the_wrong_shape_is_refused_whole() -> None:
    bad: Any
    for bad in ({"services": []}, "text", 42, {"contents": "nope"}):
        with pytest.raises(FeedError):
            import_oruk(bad, source="bad")  # type: ignore[arg-type]
    assert not Service.objects.exists()


def test_an_import_by_someone_is_audited_and_one_by_the_command_line_is_not(coordinator: Any) -> None:
    import_oruk([record(1)], source="cli")
    assert not AuditLog.objects.exists()
    import_oruk([record(1), record(2)], source="page", actor=coordinator.user, membership=coordinator)
    assert sorted(AuditLog.objects.values_list("action", "object_id")) == [
        ("create", str(uuid.UUID(int=2))),
        ("update", str(uuid.UUID(int=1))),
    ]


def test_the_command_imports_a_file_and_prints_the_report(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(page(record(1), record(2, status="open"))))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 record not imported") as refused:
        call_command("import_oruk", str(path), stdout=out)
    assert refused.value.returncode == 1
    printed = out.getvalue()
    assert "2 records from feed.json (2 services): 1 new, 0 updated, 1 not imported, 0 warnings" in printed
    assert f"{uuid.UUID(int=2)}: $.contents[1].status: 'open' is not one of" in printed
    assert "In all: 1 file read, 0 not; 1 new, 0 updated, 1 not imported, 0 warnings" in printed


def test_the_command_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps([record(1)])))
    out = io.StringIO()
    call_command("import_oruk", "-", stdout=out)  # nothing failed: no CommandError, exit status 0
    assert "1 record from standard input (1 service): 1 new" in out.getvalue()


def test_the_command_refuses_a_file_that_is_not_json_or_not_there(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text("{not json")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 file not read"):
        call_command("import_oruk", str(path), stderr=err, stdout=io.StringIO())
    assert "is not JSON" in err.getvalue()
    with pytest.raises(CommandError, match="1 file not read"):
        call_command("import_oruk", str(tmp_path / "missing.json"), stderr=err, stdout=io.StringIO())
    assert "Cannot read" in err.getvalue()
    path.write_text('{"services": []}')
    with pytest.raises(CommandError, match="1 file not read"):
        call_command("import_oruk", str(path), stderr=err, stdout=io.StringIO())
    assert "not an Open Referral feed" in err.getvalue()
    with pytest.raises(CommandError, match="Give one or more files, or --url"):
        call_command("import_oruk")


def test_the_demo_feed_has_about_thirty_services_and_three_bad_records_each_reported() -> None:
    report = import_oruk(load_feed(), source=FEED.name)
    assert len(report.created) == 31
    reasons = {e.id: e.reason for e in report.errors}
    assert len(reasons) == 3
    assert reasons["brightside-42"] == "$.contents[32].id: 'brightside-42' is not a 'uuid'"
    assert any("$.contents[31].status: 'open' is not one of" in r for r in reasons.values())
    assert any("$.contents[33].url: 'text NIGHT to 85258' is not a 'uri'" in r for r in reasons.values())
    assert report.warnings == []
    again = import_oruk(load_feed(), source=FEED.name)
    assert (len(again.created), len(again.updated)) == (0, 31)
    assert Service.objects.count() == 31
    psychosis = term_id(CONDITIONS, "postpartum-psychosis")
    assert Service.objects.filter(terms=psychosis).count() >= 3


FIELDS = [
    "id",
    "name",
    "status",
    "url",
    "email",
    "description",
    "organization",
    "attributes",
    "taxonomy_terms",
]
FIELDS += ["languages", "service_areas", "service_at_locations"]
ODD_VALUES: list[Any] = [None, 7, 2.5, True, [], {}, "text", ["text"], [7], [{}], [None], {"id": []}]


@pytest.mark.parametrize("key", FIELDS)
def test_a_record_with_odd_values_anywhere_is_imported_or_reported_never_a_crash(key: str) -> None:
    records = [record(n, **{key: value}) for n, value in enumerate(ODD_VALUES, start=1)]
    records += [
        record(100, organization={"id": str(uuid.uuid4()), "name": "Org", key: value}) for value in ODD_VALUES
    ]
    location = {"id": str(uuid.uuid4()), "name": "Hall", "addresses": [{key: "x"}, "x"], key: [{}]}
    records.append(record(200, service_at_locations=[{"id": str(uuid.uuid4()), "location": location}]))
    report = import_oruk(records, source="odd")
    assert report.total == len(records)
    for error in report.errors:
        assert error.id and error.reason
