"""The directory, served read-only at the Open Referral UK endpoints (HSDS 3.0 API; ADR 0008).

Public: no login and no key, as ORUK requires, so other directories can consume ours
(urls.py marks each view so LoginRequiredMiddleware lets it through, and adds the CORS header
ORUK asks for). Nothing person-level is reachable from here: only the directory's own tables.

Lists are paginated with `page` (from 1) and `per_page` (1 to 200, 50 by default); a bad value
is a 400 with a JSON `detail`. `size` is the number of items on the page. An unknown id is a
404 with a JSON `detail`. Services are served whatever their status, with it.
"""

import math
import uuid
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from alongside.directory.models import Location, Service, ServiceAtLocation
from alongside.vocabularies.models import Taxonomy, TaxonomyTerm

PROFILE = "https://docs.openreferraluk.org/en/latest/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200

api = NinjaAPI(
    title="Alongside signposting directory (Open Referral UK)",
    version="3.0",
    description="Organisations and services for perinatal peer support signposting, read-only, "
    "in the Open Referral UK profile of HSDS 3.0.",
    urls_namespace="oruk",  # alongside.directory.urls mounts it at /oruk/
    docs_url=None,  # the Swagger page loads scripts from a CDN; the JSON document is what matters
)


@api.exception_handler(NinjaValidationError)
def bad_parameters(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'request'}: {e.get('msg', 'invalid')}"
        for e in exc.errors
    )
    return api.create_response(request, {"detail": problems}, status=400)


# Schemas -----------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class ApiDetails(Schema):
    version: str
    profile: str
    openapi_url: str


class TaxonomyOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    uri: str | None
    version: str | None


class TaxonomyTermOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    description: str
    taxonomy: str
    taxonomy_id: uuid.UUID
    taxonomy_detail: TaxonomyOut


class AttributeOut(Schema):
    id: uuid.UUID
    link_id: uuid.UUID
    link_type: str
    link_entity: str
    taxonomy_term_id: uuid.UUID
    taxonomy_term: TaxonomyTermOut


class OrganizationOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    website: str | None
    email: str | None


class LanguageOut(Schema):
    id: uuid.UUID
    name: str
    code: str | None


class ServiceAreaOut(Schema):
    id: uuid.UUID
    name: str
    description: str | None


class AddressOut(Schema):
    id: uuid.UUID
    location_id: uuid.UUID
    address_1: str
    city: str
    region: str | None
    state_province: str
    postal_code: str
    country: str
    address_type: str


class LocationOut(Schema):
    id: uuid.UUID
    location_type: str
    name: str
    description: str | None
    addresses: list[AddressOut]


class ServiceAtLocationInService(Schema):
    id: uuid.UUID
    location: LocationOut


class ServiceOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    url: str | None
    email: str | None
    status: str
    last_modified: str
    organization: OrganizationOut
    attributes: list[AttributeOut]
    languages: list[LanguageOut]
    service_areas: list[ServiceAreaOut]
    service_at_locations: list[ServiceAtLocationInService]


class ServiceBrief(Schema):
    id: uuid.UUID
    name: str
    status: str
    organization: OrganizationOut


class ServiceAtLocationOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    description: str | None
    service: ServiceBrief
    location: LocationOut


class PageHeader(Schema):
    total_items: int = Field(description="How many there are in all")
    total_pages: int = Field(description="How many pages of per_page there are (at least 1)")
    page_number: int = Field(description="This page's number, from 1")
    size: int = Field(description="How many are on this page")
    first_page: bool
    last_page: bool
    empty: bool = Field(description="True when this page has nothing on it")


class ServicePage(PageHeader):
    contents: list[ServiceOut]


class TaxonomyPage(PageHeader):
    contents: list[TaxonomyOut]


class ServiceAtLocationPage(PageHeader):
    contents: list[ServiceAtLocationOut]


class Paging(Schema):
    page: int = Field(1, ge=1, description="Which page, from 1")
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="How many on a page")


# Shaping -----------------------------------------------------------------------------------


def _or_none(value: str) -> str | None:
    return value or None


def _taxonomy(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "uri": _or_none(taxonomy.uri),
        "version": _or_none(taxonomy.version),
    }


def _term(term: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": term.id,
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": term.taxonomy_id,
        "taxonomy_detail": _taxonomy(term.taxonomy),
    }


def _organization(service: Service) -> dict[str, Any]:
    org = service.organization
    return {
        "id": org.id,
        "name": org.name,
        "description": org.description,
        "website": _or_none(org.website),
        "email": _or_none(org.email),
    }


def _location(location: Location) -> dict[str, Any]:
    addresses = []
    if location.address_1 or location.postcode:
        addresses.append(
            {
                "id": location.address_id,
                "location_id": location.id,
                "address_1": location.address_1,
                "city": location.city,
                "region": _or_none(location.region),
                "state_province": location.region,
                "postal_code": location.postcode,
                "country": location.country,
                "address_type": "physical",
            }
        )
    return {
        "id": location.id,
        "location_type": "physical",
        "name": location.name,
        "description": _or_none(location.description),
        "addresses": addresses,
    }


def _service(service: Service) -> dict[str, Any]:
    return {
        "id": service.id,
        "name": service.name,
        "description": service.description,
        "url": _or_none(service.url),
        "email": _or_none(service.email),
        "status": service.status,
        "last_modified": service.last_modified.isoformat(timespec="milliseconds"),
        "organization": _organization(service),
        "attributes": [
            {
                "id": uuid.uuid5(service.id, str(term.id)),
                "link_id": service.id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": term.id,
                "taxonomy_term": _term(term),
            }
            for term in service.terms.all()
        ],
        "languages": [
            {"id": lang.id, "name": lang.name, "code": _or_none(lang.code)}
            for lang in service.languages.all()
        ],
        "service_areas": [
            {
                "id": area.id,
                "name": area.name,
                "description": f"Postcode district {area.district}" if area.district else None,
            }
            for area in service.service_areas.all()
        ],
        "service_at_locations": [
            {"id": sal.id, "location": _location(sal.location)} for sal in service.service_at_locations.all()
        ],
    }


def _service_at_location(sal: ServiceAtLocation) -> dict[str, Any]:
    return {
        "id": sal.id,
        "service_id": sal.service_id,
        "location_id": sal.location_id,
        "description": _or_none(sal.description),
        "service": {
            "id": sal.service.id,
            "name": sal.service.name,
            "status": sal.service.status,
            "organization": _organization(sal.service),
        },
        "location": _location(sal.location),
    }


def _services() -> QuerySet[Service]:
    return Service.objects.select_related("organization").prefetch_related(
        "terms__taxonomy", "languages", "service_areas", "service_at_locations__location"
    )


def _service_at_locations() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.select_related("service__organization", "location")


def _paginate(qs: QuerySet[Any], paging: Paging, shape: Any) -> dict[str, Any]:
    total = qs.count()
    total_pages = max(1, math.ceil(total / paging.per_page))
    start = (paging.page - 1) * paging.per_page
    contents = (
        [shape(row) for row in qs[start : start + paging.per_page]] if paging.page <= total_pages else []
    )
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _one(qs: QuerySet[Any], pk: str, what: str) -> Model:
    try:
        found = qs.filter(pk=uuid.UUID(pk)).first()
    except ValueError:
        found = None
    if found is None:
        raise HttpError(404, f"No {what} with id {pk}")
    return found


# Endpoints ---------------------------------------------------------------------------------


@api.get("/", response=ApiDetails, summary="About this API", url_name="root")
def root(request: HttpRequest) -> dict[str, str]:
    return {
        "version": "3.0",
        "profile": PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi-json")),
    }


@api.get("/services", response={200: ServicePage, 400: Error}, summary="All services", url_name="services")
def services(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    return _paginate(_services().order_by("name", "id"), paging, _service)


@api.get("/services/{id}", response={200: ServiceOut, 404: Error}, summary="One service", url_name="service")
def service(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002 - ORUK's name for it
    return _service(_one(_services(), id, "service"))  # type: ignore[arg-type]


@api.get(
    "/taxonomies", response={200: TaxonomyPage, 400: Error}, summary="All taxonomies", url_name="taxonomies"
)
def taxonomies(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    return _paginate(Taxonomy.objects.order_by("name", "id"), paging, _taxonomy)


@api.get(
    "/taxonomies/{id}", response={200: TaxonomyOut, 404: Error}, summary="One taxonomy", url_name="taxonomy"
)
def taxonomy(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    return _taxonomy(_one(Taxonomy.objects.all(), id, "taxonomy"))  # type: ignore[arg-type]


@api.get(
    "/service_at_locations",
    response={200: ServiceAtLocationPage, 400: Error},
    summary="All services at their locations",
    url_name="service_at_locations",
)
def service_at_locations(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    qs = _service_at_locations().order_by("service__name", "location__name", "id")
    return _paginate(qs, paging, _service_at_location)


@api.get(
    "/service_at_locations/{id}",
    response={200: ServiceAtLocationOut, 404: Error},
    summary="One service at one location",
    url_name="service_at_location",
)
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    return _service_at_location(_one(_service_at_locations(), id, "service_at_location"))  # type: ignore[arg-type]
