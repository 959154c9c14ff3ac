"""Import an Open Referral UK feed: the "full service" JSON of `/services` (ADR 0008).

`import_oruk` takes a page of `/services` (with "contents"), a list of service objects, or one
service object, each with its organization, service_areas, languages, service_at_locations
(with their location) and taxonomy terms (as HSDS 3.0 `attributes`, or a plain `taxonomy_terms`
list). Each record is checked on its own: a bad one is reported with its id and the reason,
and the rest are still imported. Records are upserted by id, so importing a feed again updates
what it imported before rather than adding it twice. Each record is written in a savepoint of its
own, so a record that fails half-way leaves nothing behind.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.directory.models import (
    Language,
    Location,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from alongside.lib import names, postcode
from alongside.lib.postcode import district_of
from alongside.vocabularies.models import OUR_TAXONOMIES, Taxonomy, TaxonomyTerm


class FeedError(ValueError):
    """The whole feed is unusable (not JSON of the right shape): nothing was imported."""


class RecordInvalid(ValueError):
    """One record is unusable; the reason is shown to whoever imported it."""


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

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.errors)

    def summary(self) -> str:
        return (
            f"{self.total} records from {self.source}: {len(self.created)} new, "
            f"{len(self.updated)} updated, {len(self.errors)} not imported"
        )

    def lines(self) -> list[str]:
        return [self.summary()] + [f"  {e.id}: {e.reason}" for e in self.errors]


@dataclass
class TermIn:
    id: uuid.UUID
    code: str
    name: str
    taxonomy_id: uuid.UUID | None
    taxonomy_name: str


@dataclass
class LocationIn:
    sal_id: uuid.UUID
    id: uuid.UUID
    name: str
    description: str = ""
    address_1: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""


@dataclass
class ServiceIn:
    """One service record, checked: what the importer (and the edit page) write."""

    id: uuid.UUID
    name: str
    status: str
    organization_id: uuid.UUID
    organization: dict[str, str]
    description: str = ""
    url: str = ""
    email: str = ""
    terms: list[TermIn] = field(default_factory=list)
    languages: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)
    areas: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)
    locations: list[LocationIn] = field(default_factory=list)


# Reading -----------------------------------------------------------------------------------


def records_in(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if "contents" in data:
            if not isinstance(data["contents"], list):
                raise FeedError('"contents" must be a list of services')
            return data["contents"]
        if "id" in data and "name" in data:
            return [data]
    raise FeedError(
        'This is not an Open Referral UK feed: expected a list of services, or a page of them with "contents"'
    )


def _uuid(value: Any, what: str) -> uuid.UUID:
    if value in (None, ""):
        raise RecordInvalid(f"{what} is missing")
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise RecordInvalid(f"{what} {value!r} is not a UUID") from None


def _text(record: dict[str, Any], key: str, what: str, *, required: bool = False, limit: int = 255) -> str:
    value = record.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        raise RecordInvalid(f"{what} must be text")
    value = str(value).strip()
    if "\x00" in value:
        raise RecordInvalid(f"{what} contains a NUL character")
    if what.endswith("name") and names.problem(value) is not None:
        raise RecordInvalid(f"{what} {value!r} contains hidden characters that change the direction of text")
    if required and not value:
        raise RecordInvalid(f"{what} is missing")
    if len(value) > limit:
        raise RecordInvalid(f"{what} is longer than {limit} characters")
    return value


def _url(value: str, what: str) -> str:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise RecordInvalid(f"{what} {value!r} is not a web address (http or https)") from None
    return value


def _email(value: str, what: str) -> str:
    if value:
        try:
            EmailValidator()(value)
        except ValidationError:
            raise RecordInvalid(f"{what} {value!r} is not an email address") from None
    return value


def _list(record: dict[str, Any], key: str) -> list[Any]:
    value = record.get(key) or []
    if not isinstance(value, list):
        raise RecordInvalid(f"{key} must be a list")
    return value


def parse_service(record: Any) -> ServiceIn:
    if not isinstance(record, dict):
        raise RecordInvalid("is not a JSON object")
    service_id = _uuid(record.get("id"), "id")
    status = _text(record, "status", "status", required=True, limit=30)
    if status not in Service.Status.values:
        allowed = ", ".join(Service.Status.values)
        raise RecordInvalid(f"status {status!r} is not one of: {allowed}")
    org = record.get("organization")
    if not isinstance(org, dict):
        raise RecordInvalid("organization is missing")
    parsed = ServiceIn(
        id=service_id,
        name=_text(record, "name", "name", required=True),
        status=status,
        description=_text(record, "description", "description", limit=10_000),
        url=_url(_text(record, "url", "url", limit=500), "url"),
        email=_email(_text(record, "email", "email"), "email"),
        organization_id=_uuid(org.get("id"), "organization id"),
        organization={
            "name": _text(org, "name", "organization name", required=True),
            "description": _text(org, "description", "organization description", limit=10_000),
            "website": _url(
                _text(org, "website", "organization website", limit=500)
                or _text(org, "url", "organization url", limit=500),
                "organization website",
            ),
            "email": _email(_text(org, "email", "organization email"), "organization email"),
        },
    )
    parsed.terms = _terms(record)
    parsed.languages = _languages(record, service_id)
    parsed.areas = _areas(record, service_id)
    parsed.locations = _locations(record, service_id)
    return parsed


def _terms(record: dict[str, Any]) -> list[TermIn]:
    raw: list[Any] = []
    for attribute in _list(record, "attributes"):
        if not isinstance(attribute, dict):
            raise RecordInvalid("each attribute must be an object")
        term = attribute.get("taxonomy_term")
        raw.append(term if isinstance(term, dict) else {"id": attribute.get("taxonomy_term_id")})
    raw += _list(record, "taxonomy_terms")
    terms: dict[uuid.UUID, TermIn] = {}
    for item in raw:
        if not isinstance(item, dict):
            raise RecordInvalid("each taxonomy term must be an object")
        term_id = _uuid(item.get("id"), "taxonomy term id")
        found = item.get("taxonomy_detail")
        detail: dict[str, Any] = found if isinstance(found, dict) else {}
        taxonomy_id = item.get("taxonomy_id") or detail.get("id")
        terms[term_id] = TermIn(
            id=term_id,
            code=_text(item, "code", "taxonomy term code", limit=100),
            name=_text(item, "name", "taxonomy term name"),
            taxonomy_id=_uuid(taxonomy_id, "taxonomy id") if taxonomy_id else None,
            taxonomy_name=_text(item, "taxonomy", "taxonomy name") or str(detail.get("name") or ""),
        )
    return list(terms.values())


def _languages(record: dict[str, Any], service_id: uuid.UUID) -> list[tuple[uuid.UUID, str, str]]:
    found: dict[str, tuple[uuid.UUID, str, str]] = {}
    for item in _list(record, "languages"):
        item = {"name": item} if isinstance(item, str) else item
        if not isinstance(item, dict):
            raise RecordInvalid("each language must be an object with a name")
        name = _text(item, "name", "language name", limit=100) or _text(
            item, "code", "language code", limit=20
        )
        if not name:
            raise RecordInvalid("a language has neither a name nor a code")
        name = name[:1].upper() + name[1:]
        given = item.get("id")
        lang_id = _uuid(given, "language id") if given else uuid.uuid5(service_id, f"language:{name.lower()}")
        found[name.lower()] = (lang_id, name, _text(item, "code", "language code", limit=20))
    return list(found.values())


def _areas(record: dict[str, Any], service_id: uuid.UUID) -> list[tuple[uuid.UUID, str, str]]:
    areas = []
    for item in _list(record, "service_areas"):
        if not isinstance(item, dict):
            raise RecordInvalid("each service area must be an object")
        name = _text(item, "name", "service area name") or _text(item, "service_area", "service area name")
        if not name:
            raise RecordInvalid("a service area has no name")
        given = item.get("id")
        area_id = _uuid(given, "service area id") if given else uuid.uuid5(service_id, f"area:{name}")
        areas.append((area_id, name, district_of(name)))
    return areas


def _locations(record: dict[str, Any], service_id: uuid.UUID) -> list[LocationIn]:
    locations = []
    for item in _list(record, "service_at_locations"):
        location = item.get("location") if isinstance(item, dict) else None
        if not isinstance(location, dict):
            raise RecordInvalid("each service_at_location needs its location")
        location_id = _uuid(location.get("id"), "location id")
        given = item.get("id")
        sal_id = _uuid(given, "service_at_location id") if given else uuid.uuid5(service_id, str(location_id))
        addresses = [a for a in _list(location, "addresses") if isinstance(a, dict)]
        address = addresses[0] if addresses else {}
        code = _text(address, "postal_code", "postcode", limit=10)
        if code:
            try:
                postcode.validate(code)
            except ValidationError:
                raise RecordInvalid(
                    f"location {location_id} has postcode {code!r}, not a UK postcode"
                ) from None
        locations.append(
            LocationIn(
                sal_id=sal_id,
                id=location_id,
                name=_text(location, "name", "location name") or _text(address, "address_1", "address"),
                description=_text(location, "description", "location description", limit=10_000),
                address_1=_text(address, "address_1", "address"),
                city=_text(address, "city", "city", limit=100),
                region=_text(address, "region", "region", limit=100)
                or _text(address, "state_province", "region", limit=100),
                postcode=postcode.normalise(code) if code else "",
            )
        )
    return locations


# Writing -----------------------------------------------------------------------------------


def _resolve_terms(terms: list[TermIn]) -> list[TaxonomyTerm]:
    """Known terms by id; others' new terms are added with their taxonomy. Ours are fixed."""
    known = TaxonomyTerm.objects.in_bulk([t.id for t in terms])
    resolved = []
    for term in terms:
        if term.id in known:
            resolved.append(known[term.id])
            continue
        if term.taxonomy_id in OUR_TAXONOMIES:
            raise RecordInvalid(f"taxonomy term {term.id} is not one of Alongside's own terms")
        if not term.name:
            raise RecordInvalid(f"taxonomy term {term.id} has no name")
        if term.taxonomy_id is None and not term.taxonomy_name:
            raise RecordInvalid(f"taxonomy term {term.id} names no taxonomy")
        taxonomy_id = term.taxonomy_id or uuid.uuid5(uuid.NAMESPACE_URL, f"taxonomy:{term.taxonomy_name}")
        taxonomy, _ = Taxonomy.objects.get_or_create(
            id=taxonomy_id, defaults={"name": term.taxonomy_name or str(taxonomy_id)}
        )
        created = TaxonomyTerm.objects.create(
            id=term.id, taxonomy=taxonomy, code=term.code or str(term.id), name=term.name
        )
        resolved.append(created)
    return resolved


def save_service(parsed: ServiceIn, *, source: str, keep_locations: bool = False) -> tuple[Service, bool]:
    """Write one checked record: upsert by id, and replace its languages, areas and locations.

    Call inside a transaction. `keep_locations` leaves locations not in the record alone (the
    edit page edits one venue; an import says every location).
    """
    organization, _ = Organization.objects.update_or_create(
        id=parsed.organization_id, defaults=parsed.organization
    )
    service, created = Service.objects.update_or_create(
        id=parsed.id,
        defaults={
            "organization": organization,
            "name": parsed.name,
            "description": parsed.description,
            "url": parsed.url,
            "email": parsed.email,
            "status": parsed.status,
            "source": source[:300],
        },
    )
    service.terms.set(_resolve_terms(parsed.terms))
    service.languages.all().delete()
    Language.objects.bulk_create(
        [Language(id=i, service=service, name=name, code=code) for i, name, code in parsed.languages]
    )
    service.service_areas.all().delete()
    ServiceArea.objects.bulk_create(
        [ServiceArea(id=i, service=service, name=name, district=d) for i, name, d in parsed.areas]
    )
    wanted = {loc.sal_id for loc in parsed.locations}
    stale = service.service_at_locations.exclude(id__in=wanted)
    if not keep_locations:
        stale.delete()
    for loc in parsed.locations:
        location, _ = Location.objects.update_or_create(
            id=loc.id,
            defaults={
                "name": loc.name,
                "description": loc.description,
                "address_1": loc.address_1,
                "city": loc.city,
                "region": loc.region,
                "postcode": loc.postcode,
            },
        )
        sal, _ = ServiceAtLocation.objects.get_or_create(
            id=loc.sal_id, defaults={"service": service, "location": location}
        )
        if sal.service_id != service.id:
            raise RecordInvalid(f"service_at_location {loc.sal_id} belongs to another service")
        if sal.location_id != location.id:
            sal.location = location
            sal.save(update_fields=["location"])
    return service, created


def _record_id(record: Any, index: int) -> str:
    given = record.get("id") if isinstance(record, dict) else None
    return str(given) if given not in (None, "") else f"(record {index + 1}, no id)"


def import_oruk(
    data: dict[str, Any] | list[Any], *, source: str, actor: User | None = None, membership: Any = None
) -> ImportReport:
    """Import every good record and report each bad one. Raises FeedError if none can be read.

    When someone imports through the page (`actor`), each service written is audited; the
    command line has no one to name, and the demo data was done by no one (ADR 0003).
    """
    report = ImportReport(source=source)
    seen: set[uuid.UUID] = set()
    for index, record in enumerate(records_in(data)):
        record_id = _record_id(record, index)
        try:
            parsed = parse_service(record)
            if parsed.id in seen:
                raise RecordInvalid("appears more than once in this feed; only the first was imported")
            with transaction.atomic():
                service, created = save_service(parsed, source=source)
                if actor is not None:
                    action = "create" if created else "update"
                    audit.record(
                        actor, action, service, membership=membership, summary=f"Imported from {source}"
                    )
        except RecordInvalid as error:
            report.errors.append(RecordError(record_id, str(error)))
            continue
        except IntegrityError:
            reason = "uses an id that already belongs to another record (a language, area or location)"
            report.errors.append(RecordError(record_id, reason))
            continue
        seen.add(parsed.id)
        (report.created if created else report.updated).append(str(parsed.id))
    return report
