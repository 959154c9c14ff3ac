"""Demo local population shares, so the equity view has something to compare with.

The figures are made up for the demo, in the shape of the 2021 census for women having babies in
each area, and labelled as demo figures. Birmingham's make Pakistani families and the inner-city
districts B8 and B11 a larger share of the local population than of the demo's referrals, so the
view shows under-representation, as the Birmingham analysis found for minority ethnic families.
"""

from decimal import Decimal

from django.utils import timezone

from alongside.demo.places import Places
from alongside.equity.models import Dimension, PopulationShare
from alongside.organisations.models import Service

SOURCE = "Demo figures in the shape of Census 2021 (women aged 16 to 49)"
AGES: dict[str, float] = {
    "Under 20": 3,
    "20 to 24": 13,
    "25 to 29": 26,
    "30 to 34": 31,
    "35 to 39": 21,
    "40 and over": 6,
}
SHARES: dict[str, dict[Dimension, dict[str, float]]] = {
    "birmingham": {
        Dimension.ETHNIC_CATEGORY: {
            "A": 29, "B": 1, "C": 5, "D": 3, "E": 1, "F": 1, "G": 2, "H": 6, "J": 26,
            "K": 6, "L": 3, "M": 4, "N": 9.5, "P": 1, "R": 1, "S": 1.5,
        },
        Dimension.AGE_BAND: AGES,
        Dimension.LANGUAGE: {"English": 82, "Urdu": 7, "Punjabi": 3, "Bengali": 2, "Somali": 2, "Polish": 2},
        Dimension.AREA: {"B8": 10, "B11": 9, "B10": 4, "B12": 3, "B13": 3, "B21": 3},
    },
    "lancashire": {
        Dimension.ETHNIC_CATEGORY: {
            "A": 80, "B": 1, "C": 4, "D": 1, "F": 1, "G": 1, "H": 3, "J": 7, "K": 1, "N": 1,
        },
        Dimension.AGE_BAND: AGES,
    },
}  # fmt: skip


def build_population(places: Places) -> None:
    services: dict[str, Service] = {"birmingham": places.birmingham, "lancashire": places.lancashire}
    now = timezone.now()
    PopulationShare.objects.bulk_create(
        PopulationShare(
            service=services[where],
            dimension=dimension,
            category=category,
            percent=Decimal(str(percent)),
            source=SOURCE,
            updated_at=now,
        )
        for where, dimensions in SHARES.items()
        for dimension, shares in dimensions.items()
        for category, percent in shares.items()
    )
