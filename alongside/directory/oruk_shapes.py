"""The directory's rows in the shapes HSDS 3.0 and its UK profile give them (ADR 0042).

An optional field we hold no value for is left out, never sent as `null`: the published schemas
type such fields as plain strings (a taxonomy's `uri`, a language's `code`, a location's
`description`), so a `null` fails them, and a consumer reads an absent key as "not known".

Fields a publisher sent that Alongside does not model (phones, schedules, contacts, eligibility…)
were kept as published by the importer (the `extra` of each row; alongside/directory/oruk_read.py)
and are served again here, under the fields Alongside makes itself, so a directory that passes
through Alongside loses nothing.

Three depths of a service, as the specification's lists allow (HSDS API reference, "Lists and
Pagination": list items need not carry arrays of child entities): `minimal` (what a consumer
needs to see what changed), `direct` (its own fields and its organisation) and `full` (with
attributes, languages, areas and locations).
"""

import uuid
from typing import Any

from alongside.directory.models import Location, Organization, Service, ServiceAtLocation
from alongside.vocabularies.models import Taxonomy, TaxonomyTerm

MINIMAL, DIRECT, FULL = "minimal", "direct", "full"


def _present(**fields: Any) -> dict[str, Any]:
    """The fields that have a value: an empty string or None is left out."""
    return {key: value for key, value in fields.items() if value not in ("", None)}


def taxonomy(row: Taxonomy) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "description": row.description,
        **_present(uri=row.uri, version=row.version),
    }


def term(row: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "name": row.name,
        "description": row.description,
        "taxonomy": row.taxonomy.name,
        "taxonomy_id": row.taxonomy_id,
        "taxonomy_detail": taxonomy(row.taxonomy),
    }


def _scalars(extra: dict[str, Any]) -> dict[str, Any]:
    """The kept fields that are values, not arrays or objects of child entities."""
    return {key: value for key, value in extra.items() if not isinstance(value, list | dict)}


def organization(row: Organization, services: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    shaped = {
        **row.extra,
        "id": row.id,
        "name": row.name,
        "description": row.description,
        **_present(website=row.website, email=row.email),
    }
    if services is not None:
        shaped["services"] = services
    return shaped


def location(row: Location) -> dict[str, Any]:
    addresses = []
    if row.address_1 or row.postcode:
        addresses.append(
            {
                "id": row.address_id,
                "location_id": row.id,
                "address_1": row.address_1,
                **_present(address_2=row.address_2),
                "city": row.city,
                **_present(region=row.region),
                "state_province": row.region,  # required by both schemas; may be empty
                "postal_code": row.postcode,
                "country": row.country,
                "address_type": "physical",
            }
        )
    return {
        "location_type": "physical",
        **row.extra,
        "id": row.id,
        "name": row.name,
        **_present(description=row.description),
        "addresses": addresses,
    }


def service(row: Service, depth: str = FULL) -> dict[str, Any]:
    shaped = {
        "id": row.id,
        "name": row.name,
        "status": row.status,
        "last_modified": row.last_modified.isoformat(timespec="milliseconds"),
    }
    if depth == MINIMAL:
        return shaped
    shaped = _scalars(row.extra) | shaped
    shaped |= {
        "organization_id": row.organization_id,
        "description": row.description,
        **_present(url=row.url, email=row.email),
        "organization": organization(row.organization),
    }
    if depth == DIRECT:
        return shaped
    return (
        row.extra
        | shaped
        | {
            "attributes": [_attribute(row, one) for one in row.terms.all()],
            "languages": [
                {"id": lang.id, "service_id": row.id, "name": lang.name, **_present(code=lang.code)}
                for lang in row.languages.all()
            ],
            "service_areas": [
                {
                    "id": area.id,
                    "service_id": row.id,
                    "name": area.name,
                    **_present(description=f"Postcode district {area.district}" if area.district else ""),
                }
                for area in row.service_areas.all()
            ],
            "service_at_locations": [
                {
                    **sal.extra,
                    "id": sal.id,
                    "service_id": row.id,
                    "location_id": sal.location_id,
                    **_present(description=sal.description),
                    "location": location(sal.location),
                }
                for sal in row.service_at_locations.all()
            ],
        }
    )


def _attribute(row: Service, one: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": uuid.uuid5(row.id, str(one.id)),
        "link_id": row.id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": one.id,
        "taxonomy_term": term(one),
    }


def service_at_location(row: ServiceAtLocation, depth: str = DIRECT) -> dict[str, Any]:
    return {
        **row.extra,
        "id": row.id,
        "service_id": row.service_id,
        "location_id": row.location_id,
        **_present(description=row.description),
        "service": service(row.service, depth),
        "location": location(row.location),
    }
