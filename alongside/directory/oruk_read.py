"""Reading one Open Referral record into what Alongside holds, field by field (ADRs 0008, 0045).

The record has already met the HSDS 3.0 schema (alongside/directory/importer.py checks it first),
so its types are right; what is read here is what Alongside can hold of it. Every field of a
record ends up in one of four places, and `Fields` says which, so that the import can report it:
- **modelled**: held in Alongside's own columns (a service's name, a location's address) and
  searched on;
- **kept**: held as published, unread, and served again at /oruk/ (a service's phones,
  schedules, contacts, cost options, funding, eligibility, ages and required documents; the same
  for organisations, locations and services at a location);
- **derived**: ids and links Alongside makes again itself (a language's `service_id`, an
  attribute's `link_type`, `last_modified`), not data;
- **not kept**: a field of a child Alongside holds in its own columns with no place for it (a
  language's `note`, a service area's `extent`, a second address), reported by name.

A key that is absent leaves what Alongside holds alone; a key that is present, even empty,
replaces it. So a service at a location sent on its own, with its service at "direct" depth,
does not wipe the service's languages.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from alongside.lib import names, postcode
from alongside.lib.postcode import district_of


class RecordInvalid(ValueError):
    """One record is unusable; the reason is shown to whoever imported it."""


@dataclass
class Fields:
    """Where each field of the records read went: kept as published, not kept, and warnings."""

    kept: Counter[str] = field(default_factory=Counter)
    not_kept: Counter[str] = field(default_factory=Counter)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (JSON path, what happened)

    def keep(self, where: str, record: dict[str, Any], known: set[str]) -> dict[str, Any]:
        """The record's fields outside `known`, kept as published (a null or empty one removes it)."""
        kept = {key: value for key, value in record.items() if key not in known}
        for key in kept:
            self.kept[f"{where}.{key}" if where else key] += 1
        return kept

    def drop(self, where: str, record: dict[str, Any], known: set[str]) -> None:
        for key, value in record.items():
            if key not in known and value not in (None, "", [], {}):
                self.not_kept[f"{where}.{key}"] += 1

    def warn(self, path: str, message: str) -> None:
        self.warnings.append((path, message))


@dataclass
class TermIn:
    id: uuid.UUID
    code: str
    name: str
    description: str
    taxonomy_id: uuid.UUID | None
    taxonomy_name: str


@dataclass
class LocationIn:
    sal_id: uuid.UUID
    id: uuid.UUID
    name: str
    description: str = ""
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""
    country: str = "GB"
    extra: dict[str, Any] = field(default_factory=dict)
    sal_description: str = ""
    sal_extra: dict[str, Any] = field(default_factory=dict)
    known: bool = True  # False: the record names the location by id only; it must be held already


@dataclass
class ServiceIn:
    """One service record, read: what the importer (and the edit page) write.

    None means "not in the record": what Alongside holds is left alone.
    """

    id: uuid.UUID
    name: str
    status: str
    organization_id: uuid.UUID
    organization: dict[str, Any] | None = None  # embedded: its fields, written too
    description: str | None = ""
    url: str | None = ""
    email: str | None = ""
    terms: list[TermIn] | None = field(default_factory=list)
    languages: list[tuple[uuid.UUID, str, str]] | None = field(default_factory=list)
    areas: list[tuple[uuid.UUID, str, str]] | None = field(default_factory=list)
    locations: list[LocationIn] | None = field(default_factory=list)
    extra: dict[str, Any] | None = None
    partial: bool = False  # inside a service at a location: its kept fields add to what is kept


# Each level's fields: modelled (read into columns) and derived (made again; not data).
SERVICE_MODELLED = {"id", "name", "status", "description", "url", "email", "organization"}
SERVICE_CHILDREN = {"attributes", "taxonomy_terms", "languages", "service_areas", "service_at_locations"}
SERVICE_DERIVED = {"organization_id", "last_modified"}
ORGANIZATION_MODELLED = {"id", "name", "description", "website", "url", "email", "services"}
LOCATION_MODELLED = {"id", "name", "description", "addresses"}
SAL_MODELLED = {"id", "description", "location", "service"}
SAL_DERIVED = {"service_id", "location_id"}
ADDRESS_MODELLED = {"address_1", "address_2", "city", "region", "state_province", "postal_code", "country"}
ADDRESS_DERIVED = {"id", "location_id", "address_type"}
LANGUAGE_KNOWN = {"id", "name", "code", "service_id", "location_id", "phone_id"}
AREA_KNOWN = {"id", "name", "service_id", "service_area"}
ATTRIBUTE_KNOWN = {"id", "taxonomy_term_id", "taxonomy_term", "link_id", "link_type", "link_entity"}
TERM_KNOWN = {"id", "code", "name", "description", "taxonomy", "taxonomy_id", "taxonomy_detail"}
TAXONOMY_MODELLED = {"id", "name", "description", "uri", "version"}
COUNTRY_NAMES = {"UK": "GB", "UNITED KINGDOM": "GB", "GREAT BRITAIN": "GB", "ENGLAND": "GB"}


def _uuid(value: Any, what: str) -> uuid.UUID:
    if value in (None, ""):
        raise RecordInvalid(f"{what} is missing")
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise RecordInvalid(f"{what} {value!r} is not a UUID") from None


def text(record: dict[str, Any], key: str, what: str, *, required: bool = False, limit: int = 255) -> str:
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


def _maybe(record: dict[str, Any], key: str, read: Any) -> Any:
    """What `read()` makes of the key, or None when the record does not have it."""
    return read() if key in record else None


# Organisations -------------------------------------------------------------------------------


def organization_fields(org: dict[str, Any], fields: Fields, where: str = "organization") -> dict[str, Any]:
    """An organisation's columns and its kept fields. ORUK 1.0 called `website` `url`."""
    return {
        "name": text(org, "name", "organization name", required=True),
        "description": text(org, "description", "organization description", limit=10_000),
        "website": _url(
            text(org, "website", "organization website", limit=500)
            or text(org, "url", "organization url", limit=500),
            "organization website",
        ),
        "email": _email(text(org, "email", "organization email"), "organization email"),
        "extra": fields.keep(where, org, ORGANIZATION_MODELLED),
    }


# Services ------------------------------------------------------------------------------------


def read_service(
    record: dict[str, Any],
    fields: Fields,
    path: str,
    *,
    organization_id: uuid.UUID | None = None,
    partial: bool = False,
) -> ServiceIn:
    """One service record. `organization_id` is the organisation it came inside, if it did;
    `partial`, that it came inside a service at a location, perhaps without all its fields."""
    service_id = _uuid(record.get("id"), "id")
    org = record.get("organization")
    given = record.get("organization_id")
    org_id = (
        _uuid(org.get("id"), "organization id")
        if isinstance(org, dict)
        else _uuid(given, "organization_id")
        if given
        else organization_id
    )
    if org_id is None:
        raise RecordInvalid(
            "names no organisation (organization or organization_id): Alongside lists every service "
            "under the organisation that runs it"
        )
    if given and str(org_id) != str(given):
        raise RecordInvalid(f"organization_id {given} is not the id of its organization ({org_id})")
    if organization_id is not None and org_id != organization_id:
        raise RecordInvalid(f"belongs to organisation {org_id}, not the one it is listed under")
    status = text(record, "status", "status", required=True, limit=30)
    return ServiceIn(
        id=service_id,
        name=text(record, "name", "name", required=True),
        status=status,
        organization_id=org_id,
        organization=organization_fields(org, fields) if isinstance(org, dict) else None,
        description=_maybe(
            record, "description", lambda: text(record, "description", "description", limit=10_000)
        ),
        url=_maybe(record, "url", lambda: _url(text(record, "url", "url", limit=500), "url")),
        email=_maybe(record, "email", lambda: _email(text(record, "email", "email"), "email")),
        terms=_terms(record, fields) if {"attributes", "taxonomy_terms"} & record.keys() else None,
        languages=_maybe(record, "languages", lambda: _languages(record, service_id, fields, path)),
        areas=_maybe(record, "service_areas", lambda: _areas(record, service_id, fields)),
        locations=_maybe(
            record, "service_at_locations", lambda: _locations(record, service_id, fields, path)
        ),
        extra=fields.keep("", record, SERVICE_MODELLED | SERVICE_CHILDREN | SERVICE_DERIVED),
        partial=partial,
    )


def read_term(item: dict[str, Any], fields: Fields, where: str) -> TermIn:
    term_id = _uuid(item.get("id"), "taxonomy term id")
    found = item.get("taxonomy_detail")
    detail: dict[str, Any] = found if isinstance(found, dict) else {}
    taxonomy_id = item.get("taxonomy_id") or detail.get("id")
    fields.drop(where, item, TERM_KNOWN)
    return TermIn(
        id=term_id,
        code=text(item, "code", "taxonomy term code", limit=100),
        name=text(item, "name", "taxonomy term name"),
        description=text(item, "description", "taxonomy term description", limit=10_000),
        taxonomy_id=_uuid(taxonomy_id, "taxonomy id") if taxonomy_id else None,
        taxonomy_name=text(item, "taxonomy", "taxonomy name") or str(detail.get("name") or ""),
    )


def _terms(record: dict[str, Any], fields: Fields) -> list[TermIn]:
    raw: list[Any] = []
    for attribute in _list(record, "attributes"):
        if not isinstance(attribute, dict):
            raise RecordInvalid("each attribute must be an object")
        fields.drop("attributes[]", attribute, ATTRIBUTE_KNOWN)
        term = attribute.get("taxonomy_term")
        raw.append(term if isinstance(term, dict) else {"id": attribute.get("taxonomy_term_id")})
    raw += _list(record, "taxonomy_terms")  # ORUK 1.0 listed terms directly
    terms: dict[uuid.UUID, TermIn] = {}
    for item in raw:
        if not isinstance(item, dict):
            raise RecordInvalid("each taxonomy term must be an object")
        if item.get("id") in (None, ""):
            fields.not_kept["attributes[] with no taxonomy term"] += 1
            continue
        term = read_term(item, fields, "attributes[].taxonomy_term")
        terms[term.id] = term
    return list(terms.values())


def _languages(
    record: dict[str, Any], service_id: uuid.UUID, fields: Fields, path: str
) -> list[tuple[uuid.UUID, str, str]]:
    found: dict[str, tuple[uuid.UUID, str, str]] = {}
    for index, item in enumerate(_list(record, "languages")):
        item = {"name": item} if isinstance(item, str) else item
        if not isinstance(item, dict):
            raise RecordInvalid("each language must be an object with a name")
        fields.drop("languages[]", item, LANGUAGE_KNOWN)
        code = text(item, "code", "language code", limit=20)
        name = text(item, "name", "language name", limit=100) or code
        if not name:
            fields.warn(
                f"{path}.languages[{index}]",
                f"language {item.get('id')} has neither a name nor a code, so it was left out",
            )
            continue
        name = name[:1].upper() + name[1:]
        given = item.get("id")
        lang_id = _uuid(given, "language id") if given else uuid.uuid5(service_id, f"language:{name.lower()}")
        found[name.lower()] = (lang_id, name, code)
    return list(found.values())


def _areas(record: dict[str, Any], service_id: uuid.UUID, fields: Fields) -> list[tuple[uuid.UUID, str, str]]:
    areas = []
    for item in _list(record, "service_areas"):
        if not isinstance(item, dict):
            raise RecordInvalid("each service area must be an object")
        name = text(item, "name", "service area name") or text(item, "service_area", "service area name")
        if not name:
            raise RecordInvalid("a service area has no name")
        district = district_of(name)
        # Alongside describes a district area itself ("Postcode district B12"); any other is theirs.
        ours = {"description"} if item.get("description") == f"Postcode district {district}" else set()
        fields.drop("service_areas[]", item, AREA_KNOWN | ours)
        given = item.get("id")
        area_id = _uuid(given, "service area id") if given else uuid.uuid5(service_id, f"area:{name}")
        areas.append((area_id, name, district))
    return areas


def _locations(record: dict[str, Any], service_id: uuid.UUID, fields: Fields, path: str) -> list[LocationIn]:
    locations = []
    for index, item in enumerate(_list(record, "service_at_locations")):
        if not isinstance(item, dict):
            raise RecordInvalid("each service_at_location must be an object")
        found = read_location_of(item, fields, f"{path}.service_at_locations[{index}]", service_id)
        if found is not None:
            locations.append(found)
    return locations


def read_location_of(
    item: dict[str, Any], fields: Fields, path: str, service_id: uuid.UUID
) -> LocationIn | None:
    """A service_at_location and its location; None, with a warning, if it names no location."""
    location = item.get("location")
    given = item.get("id")
    if isinstance(location, dict):
        location_id = _uuid(location.get("id"), "location id")
    elif item.get("location_id"):
        location_id = _uuid(item.get("location_id"), "location_id")
    else:
        fields.warn(path, f"service_at_location {given} names no location, so it was left out")
        return None
    sal_id = _uuid(given, "service_at_location id") if given else uuid.uuid5(service_id, str(location_id))
    sal_description = text(item, "description", "service_at_location description", limit=10_000)
    sal_extra = fields.keep("service_at_locations[]", item, SAL_MODELLED | SAL_DERIVED)
    if not isinstance(location, dict):
        return LocationIn(
            sal_id, location_id, "", sal_description=sal_description, sal_extra=sal_extra, known=False
        )
    return read_location(location, fields, f"{path}.location", sal_id, sal_description, sal_extra)


def read_location(
    location: dict[str, Any],
    fields: Fields,
    path: str,
    sal_id: uuid.UUID,
    sal_description: str = "",
    sal_extra: dict[str, Any] | None = None,
) -> LocationIn:
    location_id = _uuid(location.get("id"), "location id")
    addresses = [a for a in _list(location, "addresses") if isinstance(a, dict)]
    physical = [a for a in addresses if a.get("address_type", "physical") == "physical"]
    address = (physical or addresses or [{}])[0]
    for other in addresses:
        if other is not address:
            fields.not_kept[
                f"location.addresses[] beyond the first ({other.get('address_type', 'physical')})"
            ] += 1
    fields.drop("location.addresses[]", address, ADDRESS_MODELLED | ADDRESS_DERIVED)
    code = text(address, "postal_code", "postcode", limit=20)
    if code:
        try:
            postcode.validate(code)
            code = postcode.normalise(code)
        except ValidationError:
            fields.warn(
                f"{path}.addresses[{addresses.index(address)}].postal_code",
                f"location {location_id} has postcode {code!r}, which is not a UK postcode: "
                "the location is kept without it, so a postcode search will not find it",
            )
            code = ""
    country = text(address, "country", "country", limit=100).upper()
    country = COUNTRY_NAMES.get(country, country) or "GB"
    if len(country) != 2:
        fields.warn(
            f"{path}.addresses[{addresses.index(address)}].country",
            f"location {location_id} has country {country!r}, not a two-letter ISO 3166 code: kept as GB",
        )
        country = "GB"
    return LocationIn(
        sal_id=sal_id,
        id=location_id,
        name=text(location, "name", "location name") or text(address, "address_1", "address"),
        description=text(location, "description", "location description", limit=10_000),
        address_1=text(address, "address_1", "address"),
        address_2=text(address, "address_2", "address"),
        city=text(address, "city", "city", limit=100),
        region=text(address, "region", "region", limit=100)
        or text(address, "state_province", "region", limit=100),
        postcode=code,
        country=country,
        extra=fields.keep("location", location, LOCATION_MODELLED),
        sal_description=sal_description,
        sal_extra=sal_extra or {},
    )
