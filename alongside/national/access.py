"""Reading the national register (ADR 0040). It is reference data about services and areas, not
about any person, and the same for everyone in the deployment: no membership narrows it."""

from django.db.models import QuerySet

from alongside.national.models import ICBPopulation, PerinatalService


def services_in_england() -> QuerySet[PerinatalService]:
    """Every registered perinatal service, with its ICB, region and Alongside service."""
    return PerinatalService.objects.select_related("icb__region", "service")


def icb_populations(year: int | None = None) -> QuerySet[ICBPopulation]:
    """Each ICB's births and referrals (in one year, if given)."""
    found = ICBPopulation.objects.select_related("icb__region")
    return found if year is None else found.filter(year=year)
