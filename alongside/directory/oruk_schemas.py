"""The published Open Referral schemas, vendored under schemas/ (see schemas/README.md), as validators.

The importer checks each record against them before it reads it (`record_errors`; ADR 0045), and
the tests check every answer of /oruk/ against them (`errors`; ADR 0042).

Two profiles: HSDS 3.0 itself and the Open Referral UK profile of it. An answer is checked
against what the profile's own OpenAPI document says that endpoint returns (its `Page` header
and, for each item, the compiled schema it names), so the check is the specification's, not ours.
The OpenAPI documents name their schemas by raw.githubusercontent.com addresses; each vendored
file is registered under the address it is published at, so nothing is fetched.

Where a profile's OpenAPI says nothing, or the wrong thing, a stand-in says what it means
(STAND_INS): the UK profile's document has no /organizations or /taxonomy_terms, and both
documents say /service_at_locations/{id} returns a service (compiled/service.json) where the
endpoint's name, HSDS's own example and compiled/service_at_location.json say a service at a
location. Formats are checked too (uuid, email, date-time, and uri: jsonschema checks uri only
with a package we do not install, so a small check of our own stands in for it).
"""

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parent / "schemas"
PROFILES = ("hsds-3.0", "uk-profile-3.0")
PUBLISHED_AT = {
    "hsds-3.0": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/",
    "uk-profile-3.0": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/",
}
NOT_COMPILED = {"taxonomy", "taxonomy_term", "metadata"}  # kept in schema/, not schema/compiled/

# path -> (is it a list, the schema its items or answer should meet), where the OpenAPI falls short.
STAND_INS: dict[str, tuple[bool, str]] = {
    "/service_at_locations/{id}": (False, "service_at_location"),
    "/organizations": (True, "organization_list"),
    "/organizations/{id}": (False, "organization"),
    "/taxonomy_terms": (True, "taxonomy_term"),
    "/taxonomy_terms/{id}": (False, "taxonomy_term"),
}

FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _absolute_uri(value: object) -> bool:
    """An absolute URI (RFC 3986 section 4.3): a scheme, and no spaces."""
    return not isinstance(value, str) or (
        bool(urlsplit(value).scheme) and not any(c.isspace() for c in value)
    )


@cache
def document(profile: str, name: str) -> Any:
    """One vendored file, e.g. document("uk-profile-3.0", "service") for its compiled service.json."""
    with gzip.open(SCHEMAS / profile / f"{name}.json.gz", "rt", encoding="utf-8") as file:
        return json.load(file)


def address(profile: str, name: str) -> str:
    return PUBLISHED_AT[profile] + ("" if name in NOT_COMPILED else "compiled/") + f"{name}.json"


def vendored(profile: str) -> list[str]:
    return sorted(path.name.removesuffix(".json.gz") for path in (SCHEMAS / profile).glob("*.json.gz"))


@cache
def _registry(profile: str) -> Registry:  # type: ignore[type-arg]
    return Registry().with_resources(
        (address(profile, name), Resource.from_contents(document(profile, name), DRAFT202012))
        for name in vendored(profile)
        if name != "openapi"
    )


def response_schema(profile: str, path: str) -> dict[str, Any]:
    """What the profile says a 200 from `path` (as in its OpenAPI: "/services/{id}") holds."""
    openapi = document(profile, "openapi")
    if path in STAND_INS or path not in openapi["paths"]:
        is_list, name = STAND_INS[path]
        item = {"$ref": address(profile, name)}
        schema = (
            {
                "allOf": [{"$ref": "#/components/schemas/Page"}],
                "properties": {"contents": {"type": "array", "items": item}},
            }
            if is_list
            else item
        )
    else:
        schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return {**schema, "components": openapi["components"]}  # so "#/components/…" resolves


@cache
def _validator(profile: str, path: str) -> Draft202012Validator:
    return Draft202012Validator(
        response_schema(profile, path), registry=_registry(profile), format_checker=FORMATS
    )


def errors(profile: str, path: str, value: Any) -> list[str]:
    """Where `value` breaks what the profile says `path` answers, as "JSON path: message" lines."""
    checker = _validator(profile, path)
    return [
        f"{e.json_path}: {e.message}" for e in sorted(checker.iter_errors(value), key=lambda e: e.json_path)
    ]


@cache
def _record_validator(profile: str, name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": address(profile, name)}, registry=_registry(profile), format_checker=FORMATS
    )


def record_errors(profile: str, name: str, value: Any) -> list[ValidationError]:
    """Where one record breaks the profile's schema for its kind (`name`: service, organization,
    service_at_location, taxonomy or taxonomy_term), in the order of their JSON paths."""
    found = _record_validator(profile, name).iter_errors(value)
    return sorted(found, key=lambda e: [str(step) for step in e.absolute_path])
