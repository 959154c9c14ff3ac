"""The filters the Open Referral API defines, applied to the directory's tables (ADR 0042).

The HSDS API reference ("Query Parameters and Filters") says filters are cumulative: a result
meets every one given. Each filter here narrows with a subquery on ids, never a join, so a
service with two matching terms still appears once and a page still holds `per_page` items.

Some filters the UK profile defines ask about data this directory does not hold (ages, opening
times, coordinates). Those are refused with a 400 that says so, rather than ignored: a consumer
who filtered by day and got everything back would believe every service opens that day.
"""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from ninja.errors import HttpError

from alongside.directory.models import Organization, Service, ServiceArea
from alongside.lib import postcode as postcodes
from alongside.vocabularies.models import Taxonomy, TaxonomyTerm

# Filter name -> what this directory does not search on, so cannot filter by. (An imported
# service's ages, times and coordinates are kept as published and served, but not searched: ADR 0045.)
NOT_HELD = {
    "minimum_age": "the ages a service is for",
    "maximum_age": "the ages a service is for",
    "start_time": "opening times",
    "end_time": "opening times",
    "day": "opening days",
    "proximity": "where its locations are on a map (only their postcodes)",
}


def refuse_what_is_not_held(filters: Any) -> None:
    given = [name for name in NOT_HELD if getattr(filters, name, None) not in (None, "")]
    if given:
        name = given[0]
        raise HttpError(
            400, f"{name}: this directory does not search on {NOT_HELD[name]}, so cannot filter by it"
        )


def services(
    qs: QuerySet[Any],
    *,
    via: str = "",
    search: str | None = None,
    taxonomy_term_id: uuid.UUID | None = None,
    taxonomy_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    modified_after: dt.datetime | None = None,
    postcode: str | None = None,
) -> QuerySet[Any]:
    """Services (or rows with a service, reached by `via`, e.g. "service__") meeting every filter."""
    chosen = Service.objects.all()
    if search:
        chosen = chosen.filter(
            Q(name__icontains=search)
            | Q(description__icontains=search)
            | Q(organization__name__icontains=search)
        )
    if taxonomy_term_id:
        chosen = chosen.filter(terms__id=taxonomy_term_id)
    if taxonomy_id:
        chosen = chosen.filter(terms__taxonomy_id=taxonomy_id)
    if organization_id:
        chosen = chosen.filter(organization_id=organization_id)
    if modified_after:
        chosen = chosen.filter(last_modified__gte=_aware(modified_after))
    if postcode:
        chosen = chosen.filter(_covers(postcode))
    if chosen.query.where:  # some filter was given
        qs = qs.filter(**{f"{via}pk__in": chosen.values("pk")})
    return qs


def _covers(postcode: str) -> Q:
    """Services whose areas include the postcode's district, and those with no area (open to anyone),
    as ORUK's `postcode` asks: "If service_area is available, only return results where the postcode
    exists within the service_area"."""
    if not postcodes.district_of(postcode) and not _is_postcode(postcode):
        raise HttpError(400, f"postcode: {postcode!r} is not a UK postcode or postcode district")
    district = postcodes.district(postcode) if _is_postcode(postcode) else postcodes.district_of(postcode)
    within = Exists(ServiceArea.objects.filter(service=OuterRef("pk"), district=district))
    anywhere = ~Exists(ServiceArea.objects.filter(service=OuterRef("pk")))
    return Q(within) | Q(anywhere)


def _is_postcode(value: str) -> bool:
    try:
        postcodes.validate(value)
    except ValidationError:
        return False
    return True


def _aware(moment: dt.datetime) -> dt.datetime:
    """A time without a zone is taken as UTC, the zone `last_modified` is given in."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def organizations(qs: QuerySet[Organization], *, search: str | None = None) -> QuerySet[Organization]:
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return qs


def taxonomies(qs: QuerySet[Taxonomy], *, search: str | None = None) -> QuerySet[Taxonomy]:
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return qs


def terms(
    qs: QuerySet[TaxonomyTerm],
    *,
    search: str | None = None,
    taxonomy_id: uuid.UUID | None = None,
    top_only: bool = False,
    parent_id: uuid.UUID | None = None,
) -> QuerySet[TaxonomyTerm]:
    """Our terms have no hierarchy: every one is at the top and has no children, so `top_only`
    keeps them all and `parent_id` matches none."""
    if search:
        qs = qs.filter(
            Q(name__icontains=search) | Q(code__icontains=search) | Q(description__icontains=search)
        )
    if taxonomy_id:
        qs = qs.filter(taxonomy_id=taxonomy_id)
    if parent_id:
        qs = qs.none()
    return qs
