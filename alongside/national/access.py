"""Reading the national register (ADR 0040). It is reference data about services and areas, not
about any person, and the same for everyone in the deployment: no membership narrows it."""

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, Max, QuerySet

from alongside.national.models import CensusEntry, ICBPopulation, PerinatalService, Return


def services_in_england() -> QuerySet[PerinatalService]:
    """Every registered perinatal service, with its ICB, region and Alongside service."""
    return PerinatalService.objects.select_related("icb__region", "service")


def icb_populations(year: int | None = None) -> QuerySet[ICBPopulation]:
    """Each ICB's births and referrals (in one year, if given)."""
    found = ICBPopulation.objects.select_related("icb__region")
    return found if year is None else found.filter(year=year)


def current_returns(quarters: Sequence[dt.date]) -> QuerySet[Return]:
    """The current version of every service's return for these quarters (ADR 0041)."""
    return Return.objects.filter(current=True, quarter__in=list(quarters))


def returns_received(quarter: dt.date) -> QuerySet[Return]:
    """Every version of every return received for a quarter, by service code, latest first."""
    return (
        Return.objects.filter(quarter=quarter)
        .select_related("perinatal_service")
        .defer("body")
        .order_by("perinatal_service__code", "-version")
    )


def census_entries(on: dt.date) -> QuerySet[CensusEntry]:
    """Every entered census answered on or before the day, the latest first."""
    return CensusEntry.objects.filter(as_of__lte=on).order_by("-as_of", "-pk")


def latest_returned_quarter() -> dt.date | None:
    """The latest quarter any service has a current return for."""
    return Return.objects.filter(current=True).order_by("-quarter").values_list("quarter", flat=True).first()


def fingerprint() -> str:
    """Changes whenever a return, census entry, registration or ICB's births and referrals is
    added or changed: what a kept national PDF is kept against (national/views.py)."""
    parts = [
        Return.objects.aggregate(n=Max("pk")),
        CensusEntry.objects.aggregate(n=Max("pk"), on=Max("updated_on")),
        PerinatalService.objects.aggregate(n=Count("pk"), on=Max("updated_on"), last=Max("pk")),
        ICBPopulation.objects.aggregate(n=Count("pk"), last=Max("pk")),
    ]
    return ".".join(str(v) for part in parts for v in part.values())
