"""Import Open Referral records: any HSDS 3.0 or Open Referral UK feed (ADRs 0008, 0045).

`import_oruk(data, source=…)` takes one JSON document: a page of a list endpoint (with
`contents`), a list of records, or one record. Each record's kind is recognised from its fields
(`kind_of`): a service, an organisation (with its services), a service at a location (with its
service and location), a taxonomy or a taxonomy term. Several documents go in kind order
(`import_documents`), so organisations named by reference arrive before their services.

Each record is checked against the published HSDS 3.0 schema first (alongside/directory/
oruk_schemas.py), and every problem is reported by its JSON path in the file:
- a problem in the record's own fields refuses the record, and nothing of it is written;
- a problem inside one of its children (an address, a phone, a language) leaves that child out,
  with a warning, and the rest is imported;
- a record valid in HSDS 3.0 but not in the UK profile is imported, with a warning.
What Alongside cannot hold is kept as published or reported by name (alongside/directory/
oruk_read.py): a non-UK postcode is a warning, not a refused service.

Records are upserted by id, so importing a feed again updates rather than duplicates; each is
written in a savepoint of its own, so one that fails half-way leaves nothing behind. A record
whose id appears twice in one import is imported once.
"""

import copy
import enum
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.directory import oruk_schemas
from alongside.directory.models import (
    Language,
    Location,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from alongside.directory.oruk_read import (
    TAXONOMY_MODELLED,
    Fields,
    LocationIn,
    RecordInvalid,
    ServiceIn,
    TermIn,
    organization_fields,
    read_location_of,
    read_service,
    read_term,
    text,
)
from alongside.vocabularies.models import OUR_TAXONOMIES, Taxonomy, TaxonomyTerm

__all__ = [
    "FeedError",
    "ImportReport",
    "LocationIn",
    "RecordInvalid",
    "ServiceIn",
    "import_oruk",
    "save_service",
]

SCHEMA = "hsds-3.0"
ALSO = "uk-profile-3.0"
MAX_MESSAGE = 300


class FeedError(ValueError):
    """The whole document is unusable (not JSON of the right shape): nothing was imported."""


class Kind(enum.StrEnum):
    TAXONOMY = "taxonomy"
    TAXONOMY_TERM = "taxonomy_term"
    ORGANIZATION = "organization"
    SERVICE = "service"
    SERVICE_AT_LOCATION = "service_at_location"

    @property
    def singular(self) -> str:
        return "organisation" if self is Kind.ORGANIZATION else self.value.replace("_", " ")

    @property
    def plural(self) -> str:
        return {
            "taxonomy": "taxonomies",
            "taxonomy_term": "taxonomy terms",
            "organization": "organisations",
            "service": "services",
            "service_at_location": "services at a location",
        }[self.value]


ORDER = list(Kind)  # taxonomies before the terms in them, organisations before their services…
ORGANIZATION_ONLY = {
    "website",
    "services",
    "legal_status",
    "organization_identifiers",
    "logo",
    "year_incorporated",
    "tax_status",
    "parent_organization_id",
    "alternate_name",
    "email",
    "funding",
    "contacts",
    "phones",
    "locations",
    "programs",
}
TERM_ONLY = {"taxonomy_id", "taxonomy_detail", "term_uri", "taxonomy", "code", "parent_id", "term"}
TAXONOMY_ONLY = {"version", "taxonomy_terms"}


def kind_of(record: Any) -> Kind | None:
    """What a record is, from the fields only that kind has (HSDS 3.0's required fields)."""
    if not isinstance(record, dict):
        return None
    if (
        "location" in record
        or isinstance(record.get("service"), dict)
        or {"service_id", "location_id"} <= record.keys()
    ):
        return Kind.SERVICE_AT_LOCATION
    if "status" in record:
        return Kind.SERVICE
    if TERM_ONLY & record.keys():
        return Kind.TAXONOMY_TERM
    if ORGANIZATION_ONLY & record.keys():
        return Kind.ORGANIZATION
    if TAXONOMY_ONLY & record.keys():
        return Kind.TAXONOMY
    return Kind.ORGANIZATION if "description" in record else None


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class RecordError:
    id: str
    reason: str


@dataclass
class ImportReport:
    source: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    warnings: list[RecordError] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    fields: Fields = field(default_factory=Fields)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.errors)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        kinds = ", ".join(
            f"{n} {Kind(k).plural if n != 1 else Kind(k).singular}" for k, n in self.kinds.items()
        )
        return (
            f"{plural(self.total, 'record')} from {self.source}{f' ({kinds})' if kinds else ''}: "
            f"{len(self.created)} new, {len(self.updated)} updated, {len(self.errors)} not imported, "
            f"{plural(len(self.warnings), 'warning')}"
        )

    def kept(self) -> list[str]:
        return sorted(self.fields.kept)

    def not_kept(self) -> list[str]:
        return [f"{name} ({n})" for name, n in sorted(self.fields.not_kept.items())]

    def lines(self) -> list[str]:
        lines = [self.summary()]
        if self.errors:
            lines += ["Not imported:"] + [f"  {e.id}: {e.reason}" for e in self.errors]
        if self.warnings:
            lines += ["Warnings (imported, with what is said):"] + [
                f"  {w.id}: {w.reason}" for w in self.warnings
            ]
        if self.fields.kept:
            lines.append(
                "Kept as published and served again at /oruk/, not searched: " + ", ".join(self.kept())
            )
        if self.fields.not_kept:
            lines.append("Not kept (Alongside has no place for them): " + ", ".join(self.not_kept()))
        return lines


# Reading the document ------------------------------------------------------------------------


def records_in(data: Any) -> tuple[str, list[Any]]:
    """The records of a document, and the JSON path of the list they are in."""
    if isinstance(data, list):
        return "$", data
    if isinstance(data, dict):
        if "contents" in data:
            if not isinstance(data["contents"], list):
                raise FeedError('"contents" must be a list of records')
            return "$.contents", data["contents"]
        if {"openapi_url", "profile"} & data.keys() and "id" not in data:
            raise FeedError(
                "This is the root of an Open Referral API, not a list of records: import one of its "
                "lists, such as /services, or give its address to `alongside import_oruk --url`"
            )
        if "id" in data:
            return "", [data]
    raise FeedError(
        "This is not an Open Referral feed: expected a list of records, a page of them with "
        '"contents", or one record with an "id"'
    )


def _record_id(record: Any, index: int) -> str:
    given = record.get("id") if isinstance(record, dict) else None
    return str(given) if given not in (None, "") else f"(record {index + 1}, no id)"


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def checked(kind: Kind, record: Any, path: str, fields: Fields) -> Any:
    """The record as the schema allows it: children that break it are left out, with a warning.

    Raises RecordInvalid, naming every problem by JSON path, when the record itself breaks it.
    """
    # An empty string where a format is asked for (an email, a web address) is read as no value.
    found = [
        e
        for e in oruk_schemas.record_errors(SCHEMA, kind.value, record)
        if not (e.validator == "format" and e.instance == "")
    ]
    own = [e for e in found if not any(isinstance(p, int) for p in e.absolute_path)]
    if own:
        raise RecordInvalid("; ".join(_short(f"{path}{e.json_path[1:]}: {e.message}") for e in own))
    record = copy.deepcopy(record) if found else record
    children: dict[tuple[Any, ...], list[str]] = {}
    for error in found:
        steps = list(error.absolute_path)
        last = max(i for i, step in enumerate(steps) if isinstance(step, int))
        children.setdefault(tuple(steps[: last + 1]), []).append(f"{error.json_path[1:]}: {error.message}")
    # Deepest and last first, so that removing one does not move another.
    for child, messages in sorted(children.items(), key=lambda item: (len(item[0]), item[0]), reverse=True):
        parent = record
        for step in child[:-1]:
            parent = parent[step]
        del parent[child[-1]]
        where = path + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in child)
        fields.warn(where, _short(f"left out: it does not fit HSDS 3.0 ({'; '.join(messages)})"))
    if not found:
        also = [
            e
            for e in oruk_schemas.record_errors(ALSO, kind.value, record)
            if not (e.validator == "format" and e.instance == "")
        ]
        for error in also[:3]:
            fields.warn(
                f"{path}{error.json_path[1:]}", _short(f"not valid in the UK profile: {error.message}")
            )
    return record


# Writing -------------------------------------------------------------------------------------


def _taxonomy_for(term: TermIn) -> Taxonomy:
    taxonomy_id = term.taxonomy_id or uuid.uuid5(uuid.NAMESPACE_URL, f"taxonomy:{term.taxonomy_name}")
    taxonomy, _ = Taxonomy.objects.get_or_create(
        id=taxonomy_id, defaults={"name": term.taxonomy_name or str(taxonomy_id)}
    )
    return taxonomy


def _resolve_terms(terms: list[TermIn]) -> list[TaxonomyTerm]:
    """Known terms by id; others' new terms are added with their taxonomy. Ours are fixed."""
    known = TaxonomyTerm.objects.in_bulk([t.id for t in terms])
    resolved = []
    for term in terms:
        if term.id in known:
            resolved.append(known[term.id])
            continue
        resolved.append(_save_term(term))
    return resolved


def _save_term(term: TermIn) -> TaxonomyTerm:
    if term.taxonomy_id in OUR_TAXONOMIES:
        raise RecordInvalid(f"taxonomy term {term.id} is not one of Alongside's own terms")
    if not term.name:
        raise RecordInvalid(f"taxonomy term {term.id} has no name")
    if term.taxonomy_id is None and not term.taxonomy_name:
        raise RecordInvalid(f"taxonomy term {term.id} names no taxonomy")
    row, _ = TaxonomyTerm.objects.update_or_create(
        id=term.id,
        defaults={
            "taxonomy": _taxonomy_for(term),
            "code": term.code or str(term.id),
            "name": term.name,
            "description": term.description,
        },
    )
    return row


def _organization(org_id: uuid.UUID, given: dict[str, Any] | None) -> Organization:
    if given is None:
        found = Organization.objects.filter(id=org_id).first()
        if found is None:
            raise RecordInvalid(
                f"organization_id {org_id} is not in this import or in Alongside's directory: "
                "import the organisation first (or in the same command)"
            )
        return found
    return _upsert(Organization, org_id, given, merge=True)  # embedded in a service: perhaps partly


M = TypeVar("M", bound=Model)


def _upsert(model: type[M], pk: uuid.UUID, values: dict[str, Any], *, merge: bool = False) -> M:
    """Write what was given. `extra` (fields kept as published) replaces what was kept, or with
    `merge` (a partial record, such as a service inside a service at a location) adds to it."""
    row = model._default_manager.filter(pk=pk).first()
    extra = values.pop("extra", None)
    if row is None:
        row = model(pk=pk)
    for key, value in values.items():
        setattr(row, key, value)
    if extra is not None:
        merged = {**getattr(row, "extra", {}), **extra} if merge else extra
        row.extra = {k: v for k, v in merged.items() if v not in (None, "", [], {})}  # type: ignore[attr-defined]
    row.save()
    return row


def save_service(parsed: ServiceIn, *, source: str, keep_locations: bool = False) -> tuple[Service, bool]:
    """Write one service: upsert by id; what the record holds replaces, what it lacks is left alone.

    Call inside a transaction. `keep_locations` leaves locations not in the record alone (the
    edit page edits one venue; an import says every location).
    """
    organization = _organization(parsed.organization_id, parsed.organization)
    existing = Service.objects.filter(id=parsed.id).first()
    values: dict[str, Any] = {"organization": organization, "name": parsed.name, "status": parsed.status}
    values |= {
        key: value
        for key, value in (("description", parsed.description), ("url", parsed.url), ("email", parsed.email))
        if value is not None or existing is None
    }
    values = {k: ("" if v is None else v) for k, v in values.items()}
    if source or existing is None:
        values["source"] = source[:300]
    if parsed.extra is not None:
        values["extra"] = parsed.extra
    service = _upsert(Service, parsed.id, values, merge=parsed.partial)
    if parsed.terms is not None:
        service.terms.set(_resolve_terms(parsed.terms))
    if parsed.languages is not None:
        service.languages.all().delete()
        Language.objects.bulk_create(
            [Language(id=i, service=service, name=name, code=code) for i, name, code in parsed.languages]
        )
    if parsed.areas is not None:
        service.service_areas.all().delete()
        ServiceArea.objects.bulk_create(
            [ServiceArea(id=i, service=service, name=name, district=d) for i, name, d in parsed.areas]
        )
    if parsed.locations is not None:
        if not keep_locations:
            service.service_at_locations.exclude(id__in={loc.sal_id for loc in parsed.locations}).delete()
        for loc in parsed.locations:
            save_location(service, loc)
    return service, existing is None


def save_location(service: Service, loc: LocationIn) -> ServiceAtLocation:
    if loc.known:
        location = _upsert(
            Location,
            loc.id,
            {
                "name": loc.name,
                "description": loc.description,
                "address_1": loc.address_1,
                "address_2": loc.address_2,
                "city": loc.city,
                "region": loc.region,
                "postcode": loc.postcode,
                "country": loc.country,
                "extra": loc.extra,
            },
        )
    else:
        found = Location.objects.filter(id=loc.id).first()
        if found is None:
            raise RecordInvalid(f"location_id {loc.id} is not in this import or in Alongside's directory")
        location = found
    sal = ServiceAtLocation.objects.filter(id=loc.sal_id).first()
    if sal is not None and sal.service_id != service.id:
        raise RecordInvalid(f"service_at_location {loc.sal_id} belongs to another service")
    return _upsert(
        ServiceAtLocation,
        loc.sal_id,
        {
            "service": service,
            "location": location,
            "description": loc.sal_description,
            "extra": loc.sal_extra,
        },
    )


# One record of each kind -----------------------------------------------------------------------


def _import_service(
    record: dict[str, Any], fields: Fields, path: str, source: str, **kw: Any
) -> tuple[Model, bool]:
    return save_service(read_service(record, fields, path, **kw), source=source)


def _import_organization(
    record: dict[str, Any], fields: Fields, path: str, source: str
) -> tuple[Model, bool]:
    org_id = uuid.UUID(str(record["id"]))
    created = not Organization.objects.filter(id=org_id).exists()
    organization = _upsert(Organization, org_id, organization_fields(record, fields))
    for index, service in enumerate(record.get("services") or []):
        try:
            with transaction.atomic():
                _import_service(service, fields, f"{path}.services[{index}]", source, organization_id=org_id)
        except RecordInvalid as error:
            fields.warn(f"{path}.services[{index}]", f"service {service.get('id')} was not imported: {error}")
    return organization, created


def _import_service_at_location(
    record: dict[str, Any], fields: Fields, path: str, source: str
) -> tuple[Model, bool]:
    embedded = record.get("service")
    if isinstance(embedded, dict):
        service, _ = _import_service(embedded, fields, f"{path}.service", source, partial=True)
    else:
        found = (
            Service.objects.filter(id=uuid.UUID(str(record.get("service_id")))).first()
            if record.get("service_id")
            else None
        )
        if found is None:
            raise RecordInvalid(
                f"service {record.get('service_id')} is not in this import or in Alongside's directory"
            )
        service = found
    assert isinstance(service, Service)
    loc = read_location_of(record, fields, path, service.id)
    if loc is None:
        raise RecordInvalid("names no location (location or location_id)")
    created = not ServiceAtLocation.objects.filter(id=loc.sal_id).exists()
    return save_location(service, loc), created


def _import_taxonomy(record: dict[str, Any], fields: Fields, path: str, source: str) -> tuple[Model, bool]:
    taxonomy_id = uuid.UUID(str(record["id"]))
    if taxonomy_id in OUR_TAXONOMIES:
        raise RecordInvalid("is one of Alongside's own taxonomies, which an import does not change")
    fields.drop("taxonomy", record, TAXONOMY_MODELLED)
    created = not Taxonomy.objects.filter(id=taxonomy_id).exists()
    row = _upsert(
        Taxonomy,
        taxonomy_id,
        {
            "name": text(record, "name", "name", required=True),
            "description": text(record, "description", "description", limit=10_000),
            "uri": text(record, "uri", "uri", limit=500),
            "version": text(record, "version", "version", limit=50),
        },
    )
    return row, created


def _import_term(record: dict[str, Any], fields: Fields, path: str, source: str) -> tuple[Model, bool]:
    term = read_term(record, fields, "taxonomy_term")
    created = not TaxonomyTerm.objects.filter(id=term.id).exists()
    return _save_term(term), created


IMPORTERS: dict[Kind, Callable[..., tuple[Model, bool]]] = {
    Kind.SERVICE: _import_service,
    Kind.ORGANIZATION: _import_organization,
    Kind.SERVICE_AT_LOCATION: _import_service_at_location,
    Kind.TAXONOMY: _import_taxonomy,
    Kind.TAXONOMY_TERM: _import_term,
}


def import_oruk(
    data: dict[str, Any] | list[Any],
    *,
    source: str,
    actor: User | None = None,
    membership: Any = None,
    kind: Kind | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import every good record and report each bad one. Raises FeedError if none can be read.

    `kind` says what the records are, when their fields cannot (`kind_of`). When someone imports
    through the page (`actor`), each record written is audited; the command line has no one to
    name, and the demo data was done by no one (ADR 0003).
    """
    report = report or ImportReport(source=source)
    at, records = records_in(data)
    seen: set[tuple[Kind, str]] = set()
    for index, record in enumerate(records):
        record_id = _record_id(record, index)
        path = f"{at}[{index}]" if at else "$"
        found = kind or kind_of(record)
        if found is None:
            reason = (
                "is not a JSON object"
                if not isinstance(record, dict)
                else (
                    "is not a record Open Referral defines (a service, organisation, service at a location, "
                    "taxonomy or taxonomy term): its fields do not say which"
                )
            )
            report.errors.append(RecordError(record_id, reason))
            continue
        report.kinds[found.value] += 1
        fields = Fields()  # this record's; added to the report's only if it is imported
        try:
            if (found, record_id) in seen:
                raise RecordInvalid("appears more than once in this import; only the first was imported")
            record = checked(found, record, path, fields)
            with transaction.atomic():
                row, created = IMPORTERS[found](record, fields, path, source)
                if actor is not None:
                    action = "create" if created else "update"
                    audit.record(actor, action, row, membership=membership, summary=f"Imported from {source}")
        except RecordInvalid as error:
            report.errors.append(RecordError(record_id, str(error)))
            continue
        except IntegrityError:
            reason = "uses an id that already belongs to another record (a language, area or location)"
            report.errors.append(RecordError(record_id, reason))
            continue
        report.warnings += [
            RecordError(record_id, f"{where}: {message}") for where, message in fields.warnings
        ]
        report.fields.kept.update(fields.kept)
        report.fields.not_kept.update(fields.not_kept)
        seen.add((found, record_id))
        (report.created if created else report.updated).append(record_id)
    return report


def import_documents(
    documents: Iterable[tuple[str, Any]], *, kind: Kind | None = None
) -> tuple[list[ImportReport], list[str]]:
    """Several documents, in kind order (organisations before services, services before services
    at a location), so that one named by reference in another is there first. A report for each
    document imported, and a line for each that could not be read at all."""

    def first_kind(data: Any) -> int:
        try:
            _, records = records_in(data)
        except FeedError:
            return len(ORDER)
        found = kind or next((k for k in map(kind_of, records) if k is not None), None)
        return ORDER.index(found) if found else len(ORDER)

    reports, unread = [], []
    for source, data in sorted(documents, key=lambda document: first_kind(document[1])):
        try:
            reports.append(import_oruk(data, source=source, kind=kind))
        except FeedError as error:
            unread.append(f"{source}: {error}")
    return reports, unread
