"""The directory, served read-only at the Open Referral UK endpoints (HSDS 3.0 API; ADRs 0008, 0042).

Public: no login and no key, as ORUK requires, so other directories can consume ours. Nothing
person-level is reachable from here: only the directory's own tables. alongside/directory/oruk_http.py
wraps every view (CORS, HEAD, OPTIONS, JSON 404 and 405); the shapes are in oruk_shapes.py and
the filters in oruk_filters.py.

Every endpoint of the HSDS 3.0 API is served, the optional ones included, with every filter HSDS
3.0 and the UK profile define for it, declared in the OpenAPI document. Each answer validates
against the published HSDS 3.0 and UK profile schemas (alongside/directory/tests/test_oruk_schemas.py).

Lists are paginated with `page` (from 1) and `per_page` (1 to 200, 50 by default). A bad value,
an unknown id or a filter on something the directory does not record is an RFC 9457 problem
(`application/problem+json`) whose `detail` says what was wrong. Services are served whatever
their status, with it.
"""

import datetime as dt
import math
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from alongside.directory import oruk_filters, oruk_shapes
from alongside.directory.models import Organization, Service, ServiceAtLocation
from alongside.directory.oruk_http import problem
from alongside.lib import problems as problem_details
from alongside.vocabularies.models import Taxonomy, TaxonomyTerm

PROFILE = "https://docs.openreferraluk.org/en/latest/"
DEFAULT_PER_PAGE = 50
NO_NUL = r"^[^\x00]*$"  # a NUL cannot be searched for (PostgreSQL refuses it in text): a 400, not a 500
MAX_PER_PAGE = 200


class OpenReferralAPI(NinjaAPI):
    """Declares the errors as what they are sent as, `application/problem+json`, not ninja's JSON."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        return problem_details.document(super().get_openapi_schema(**kwargs))


api = OpenReferralAPI(
    title="Alongside signposting directory (Open Referral UK)",
    version="3.0",
    description="Organisations and services for perinatal peer support signposting, read-only, "
    "in the Open Referral UK profile of HSDS 3.0. Open to anyone from any site (CORS); HEAD and "
    "OPTIONS are answered on every address; errors are RFC 9457 problem details.",
    urls_namespace="oruk",  # alongside.directory.urls mounts it at /oruk/
    docs_url=None,  # the Swagger page loads scripts from a CDN; the JSON document is what matters
)


@api.exception_handler(NinjaValidationError)
def bad_parameters(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'request'}: {e.get('msg', 'invalid')}"
        for e in exc.errors
    )
    return problem(request, 400, problems)


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


# Schemas -----------------------------------------------------------------------------------

T = TypeVar("T")


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


# An optional field: absent when we hold no value (never null), documented as the plain type.
Maybe = Annotated[T | SkipJsonSchema[None], Field(json_schema_extra=_no_default)]


class Problem(Schema):
    type: str = Field(description="about:blank: the status says what kind of problem it is")
    title: str
    status: int
    detail: str = Field(description="What was wrong, naming the parameter")
    instance: str


class ApiDetails(Schema):
    version: str
    profile: str
    openapi_url: str


class Kept(BaseModel):
    """A record that may carry fields kept as published (oruk_shapes.py), served as they came.

    A pydantic model, not a ninja Schema: a Schema reads its input through ninja's attribute
    getter, which sees only declared fields, so the kept ones would be lost."""

    model_config = ConfigDict(extra="allow")


class TaxonomyOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    uri: Maybe[str] = None
    version: Maybe[str] = None


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


class OrganizationOut(Kept):
    id: uuid.UUID
    name: str
    description: str
    website: Maybe[str] = None
    email: Maybe[str] = None


class LanguageOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID
    name: str
    code: Maybe[str] = None


class ServiceAreaOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID
    name: str
    description: Maybe[str] = None


class AddressOut(Schema):
    id: uuid.UUID
    location_id: uuid.UUID
    address_1: str
    address_2: Maybe[str] = None
    city: str
    region: Maybe[str] = None
    state_province: str
    postal_code: str
    country: str
    address_type: str


class LocationOut(Kept):
    id: uuid.UUID
    location_type: str
    name: str
    description: Maybe[str] = None
    addresses: list[AddressOut]


class ServiceAtLocationInService(Kept):
    id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    location: LocationOut


class ServiceOut(Kept):
    """A service at any of its three depths (oruk_shapes.py): what a depth leaves out is absent."""

    id: uuid.UUID
    name: str
    status: Literal["active", "inactive", "defunct", "temporarily closed"]
    last_modified: str = Field(json_schema_extra={"format": "date-time"})
    organization_id: Maybe[uuid.UUID] = None
    description: Maybe[str] = None
    url: Maybe[str] = None
    email: Maybe[str] = None
    organization: Maybe[OrganizationOut] = None
    attributes: Maybe[list[AttributeOut]] = None
    languages: Maybe[list[LanguageOut]] = None
    service_areas: Maybe[list[ServiceAreaOut]] = None
    service_at_locations: Maybe[list[ServiceAtLocationInService]] = None


class OrganizationWithServices(OrganizationOut):
    services: Maybe[list[ServiceOut]] = None


class ServiceAtLocationOut(Kept):
    id: uuid.UUID
    service_id: uuid.UUID
    location_id: uuid.UUID
    description: Maybe[str] = None
    service: ServiceOut
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


class TaxonomyTermPage(PageHeader):
    contents: list[TaxonomyTermOut]


class OrganizationPage(PageHeader):
    contents: list[OrganizationWithServices]


class ServiceAtLocationPage(PageHeader):
    contents: list[ServiceAtLocationOut]


# Parameters --------------------------------------------------------------------------------


class Paging(Schema):
    page: int = Field(1, ge=1, description="Which page, from 1")
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="How many on a page")
    format: Literal["json"] = Field(
        "json", description="Only `json`: this directory does not stream `ndjson`, so asks for it are refused"
    )


class Searching(Paging):
    search: str | None = Field(
        None,
        max_length=200,
        pattern=NO_NUL,
        description="Text in the name or description (any case); no NUL character",
    )


class ServiceFiltering(Searching):
    taxonomy_term_id: uuid.UUID | None = Field(None, description="Only services with this taxonomy term")
    taxonomy_id: uuid.UUID | None = Field(None, description="Only services with any term of this taxonomy")
    organization_id: uuid.UUID | None = Field(None, description="Only services this organisation provides")
    modified_after: dt.datetime | None = Field(
        None, description="Only services changed at or after this time (ISO 8601; UTC if no zone is given)"
    )
    minimum_age: float | None = Field(None, description="Refused with a 400: ages are not searched here")
    maximum_age: float | None = Field(None, description="Refused with a 400: ages are not searched here")
    start_time: str | None = Field(
        None, description="Refused with a 400: opening times are not searched here"
    )
    end_time: str | None = Field(None, description="Refused with a 400: opening times are not searched here")
    day: str | None = Field(None, description="Refused with a 400: opening days are not searched here")

    def service_filters(self) -> dict[str, Any]:
        oruk_filters.refuse_what_is_not_held(self)
        return {
            "search": self.search,
            "taxonomy_term_id": self.taxonomy_term_id,
            "taxonomy_id": self.taxonomy_id,
            "organization_id": self.organization_id,
            "modified_after": self.modified_after,
        }


class ServiceQuery(ServiceFiltering):
    minimal: bool = Field(False, description="Only each service's id, name, status and last_modified")
    full: bool = Field(True, description="With attributes, languages, areas and locations (the default)")


class ServiceAtLocationQuery(ServiceFiltering):
    full: bool = Field(False, description="With each service whole, rather than its own fields only")
    postcode: str | None = Field(
        None,
        description="A UK postcode or district: only services whose areas include it, and those with no "
        "area (open to anyone)",
    )
    proximity: str | None = Field(None, description="Refused with a 400: coordinates are not searched here")


class OrganizationQuery(Searching):
    full: bool = Field(False, description="With each organisation's services (their own fields)")
    full_service: bool = Field(False, description="With each organisation's services whole")


class OneOrganizationQuery(Schema):
    full_service: bool = Field(False, description="With the services whole, rather than their own fields")


class TaxonomyTermQuery(Searching):
    taxonomy_id: uuid.UUID | None = Field(None, description="Only terms of this taxonomy")
    top_only: bool = Field(False, description="Only terms at the top of their taxonomy (here, all of them)")
    parent_id: uuid.UUID | None = Field(None, description="Only terms under this one (here, none)")


# Reading -----------------------------------------------------------------------------------


def _services() -> QuerySet[Service]:
    return Service.objects.select_related("organization").prefetch_related(
        "terms__taxonomy", "languages", "service_areas", "service_at_locations__location"
    )


def _service_at_locations() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.select_related("service__organization", "location").prefetch_related(
        "service__terms__taxonomy",
        "service__languages",
        "service__service_areas",
        "service__service_at_locations__location",
    )


def _organizations(with_services: str | None) -> QuerySet[Organization]:
    qs = Organization.objects.all()
    if with_services == oruk_shapes.FULL:
        return qs.prefetch_related(Prefetch("services", queryset=_services().order_by("name", "id")))
    if with_services == oruk_shapes.DIRECT:
        return qs.prefetch_related(
            Prefetch(
                "services", queryset=Service.objects.select_related("organization").order_by("name", "id")
            )
        )
    return qs


def _with_services(row: Organization, depth: str | None) -> dict[str, Any]:
    if depth is None:
        return oruk_shapes.organization(row)
    return oruk_shapes.organization(row, [oruk_shapes.service(s, depth) for s in row.services.all()])


def _paginate(qs: QuerySet[Any], paging: Paging, shape: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
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

ERRORS: dict[int, Any] = {400: Problem}
ONE: dict[int, Any] = {404: Problem}


@api.get("/", response=ApiDetails, summary="About this API", url_name="root")
def root(request: HttpRequest) -> dict[str, str]:
    return {
        "version": "3.0",
        "profile": PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi-json")),
    }


@api.get(
    "/services",
    response={200: ServicePage, **ERRORS},
    summary="All services",
    url_name="services",
    exclude_none=True,
)
def services(request: HttpRequest, query: Query[ServiceQuery]) -> dict[str, Any]:
    qs = oruk_filters.services(_services(), **query.service_filters())
    depth = oruk_shapes.MINIMAL if query.minimal else oruk_shapes.FULL if query.full else oruk_shapes.DIRECT
    return _paginate(qs.order_by("name", "id"), query, lambda row: oruk_shapes.service(row, depth))


@api.get(
    "/services/{id}",
    response={200: ServiceOut, **ONE},
    summary="One service",
    url_name="service",
    exclude_none=True,
)
def service(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002 - ORUK's name for it
    return oruk_shapes.service(_one(_services(), id, "service"))  # type: ignore[arg-type]


@api.get(
    "/taxonomies",
    response={200: TaxonomyPage, **ERRORS},
    summary="All taxonomies",
    url_name="taxonomies",
    exclude_none=True,
)
def taxonomies(request: HttpRequest, query: Query[Searching]) -> dict[str, Any]:
    qs = oruk_filters.taxonomies(Taxonomy.objects.all(), search=query.search)
    return _paginate(qs.order_by("name", "id"), query, oruk_shapes.taxonomy)


@api.get(
    "/taxonomies/{id}",
    response={200: TaxonomyOut, **ONE},
    summary="One taxonomy",
    url_name="taxonomy",
    exclude_none=True,
)
def taxonomy(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    return oruk_shapes.taxonomy(_one(Taxonomy.objects.all(), id, "taxonomy"))  # type: ignore[arg-type]


@api.get(
    "/taxonomy_terms",
    response={200: TaxonomyTermPage, **ERRORS},
    summary="All taxonomy terms",
    url_name="taxonomy_terms",
    exclude_none=True,
)
def taxonomy_terms(request: HttpRequest, query: Query[TaxonomyTermQuery]) -> dict[str, Any]:
    qs = oruk_filters.terms(
        TaxonomyTerm.objects.select_related("taxonomy"),
        search=query.search,
        taxonomy_id=query.taxonomy_id,
        top_only=query.top_only,
        parent_id=query.parent_id,
    )
    return _paginate(qs.order_by("taxonomy__name", "position", "name", "id"), query, oruk_shapes.term)


@api.get(
    "/taxonomy_terms/{id}",
    response={200: TaxonomyTermOut, **ONE},
    summary="One taxonomy term",
    url_name="taxonomy_term",
    exclude_none=True,
)
def taxonomy_term(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    found = _one(TaxonomyTerm.objects.select_related("taxonomy"), id, "taxonomy_term")
    return oruk_shapes.term(found)  # type: ignore[arg-type]


@api.get(
    "/organizations",
    response={200: OrganizationPage, **ERRORS},
    summary="All organisations",
    url_name="organizations",
    exclude_none=True,
)
def organizations(request: HttpRequest, query: Query[OrganizationQuery]) -> dict[str, Any]:
    depth = oruk_shapes.FULL if query.full_service else oruk_shapes.DIRECT if query.full else None
    qs = oruk_filters.organizations(_organizations(depth), search=query.search)
    return _paginate(qs.order_by("name", "id"), query, lambda row: _with_services(row, depth))


@api.get(
    "/organizations/{id}",
    response={200: OrganizationWithServices, **ERRORS, **ONE},
    summary="One organisation, with its services",
    url_name="organization",
    exclude_none=True,
)
def organization(
    request: HttpRequest,
    id: str,  # noqa: A002
    query: Query[OneOrganizationQuery],
) -> dict[str, Any]:
    depth = oruk_shapes.FULL if query.full_service else oruk_shapes.DIRECT
    found = _one(_organizations(depth), id, "organization")
    return _with_services(found, depth)  # type: ignore[arg-type]


@api.get(
    "/service_at_locations",
    response={200: ServiceAtLocationPage, **ERRORS},
    summary="All services at their locations",
    url_name="service_at_locations",
    exclude_none=True,
)
def service_at_locations(request: HttpRequest, query: Query[ServiceAtLocationQuery]) -> dict[str, Any]:
    qs = oruk_filters.services(
        _service_at_locations(), via="service__", postcode=query.postcode, **query.service_filters()
    )
    depth = oruk_shapes.FULL if query.full else oruk_shapes.DIRECT
    qs = qs.order_by("service__name", "location__name", "id")
    return _paginate(qs, query, lambda row: oruk_shapes.service_at_location(row, depth))


@api.get(
    "/service_at_locations/{id}",
    response={200: ServiceAtLocationOut, **ONE},
    summary="One service at one location, with the service whole",
    url_name="service_at_location",
    exclude_none=True,
)
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    found = _one(_service_at_locations(), id, "service_at_location")
    return oruk_shapes.service_at_location(found, oruk_shapes.FULL)  # type: ignore[arg-type]
