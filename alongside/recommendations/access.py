"""What of the recommendations each membership may see (ADR 0002, ADR 0039).

A service's own page and its attestations: its team, the roles that reflect on the grid. The
roll-up and a service's figures in aggregate form: the services of alongside.accounts.scope.
services_for_aggregates (a commissioner's ICB, every service for a national reviewer) and no
other. "Missing" and "not yours" both raise Http404.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.scope import services_for_aggregates
from alongside.organisations.models import ICB, Membership, Region, Service
from alongside.recommendations.models import Attestation


def attestations_for_user(membership: Membership | None) -> QuerySet[Attestation]:
    if membership is None or not has_perm(membership.role, Perm.REFLECT_ON_GRID):
        return Attestation.objects.none()
    return Attestation.objects.filter(service_id=membership.service_id).select_related("attested_by")


def attestations_of(service: Service, on: dt.date) -> QuerySet[Attestation]:
    """A service's attestations made on or before a day, oldest first: for its measures, which
    count them (measures.py); who may see them is the page's question, asked above."""
    rows = Attestation.objects.filter(service=service, attested_on__lte=on)
    return rows.select_related("attested_by").order_by("attested_on", "pk")


def get_service_for_aggregates(membership: Membership, pk: int) -> Service:
    for service in services_for_aggregates(membership):
        if service.pk == pk:
            return service
    raise Http404("No such service")


@dataclass(frozen=True)
class Area:
    """The services a roll-up is about, and what to call them."""

    name: str
    services: list[Service]
    national: bool  # every service in England: counts are not rounded (alongside.lib.suppression)
    regions: list[tuple[Region, list[tuple[ICB, list[Service]]]]]  # the services by region and ICB


def _by_region(services: list[Service]) -> list[tuple[Region, list[tuple[ICB, list[Service]]]]]:
    names = Region.objects.in_bulk({s.icb.region_id for s in services})
    regions: dict[int, tuple[Region, dict[int, tuple[ICB, list[Service]]]]] = {}
    for service in services:
        icb = service.icb
        region = names[icb.region_id]
        icbs = regions.setdefault(region.pk, (region, {}))[1]
        icbs.setdefault(icb.pk, (icb, []))[1].append(service)
    return [
        (region, sorted(icbs.values(), key=lambda pair: pair[0].name))
        for region, icbs in sorted(regions.values(), key=lambda pair: pair[0].name)
    ]


def area_for_user(membership: Membership, icb: str | None, region: str | None) -> Area:
    """Her services, or those of one ICB or region among them (a 404 for one not hers)."""
    mine = services_for_aggregates(membership)
    everywhere = len(mine) == Service.objects.count()
    if icb:
        chosen = [s for s in mine if str(s.icb_id) == icb]
        if not chosen:
            raise Http404("No such ICB")
        return Area(chosen[0].icb.name, chosen, False, _by_region(chosen))
    if region:
        chosen = [s for s in mine if str(s.icb.region_id) == region]
        if not chosen:
            raise Http404("No such region")
        grouped = _by_region(chosen)
        return Area(grouped[0][0].name, chosen, False, grouped)
    if everywhere:
        name = "England"
    elif len(mine) == 1:
        name = mine[0].name
    elif len({s.icb_id for s in mine}) == 1:
        name = mine[0].icb.name
    else:
        name = "Your services"
    return Area(name, mine, everywhere, _by_region(mine))
