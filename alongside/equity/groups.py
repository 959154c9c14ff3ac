"""The groups of each dimension of the equity view, defined once for the figures and the forms."""

import datetime as dt

from alongside.directory.importer import district_of
from alongside.equity.models import Dimension
from alongside.partners.forms import LANGUAGE
from alongside.people.models import EthnicCategory

NOT_RECORDED = "Not recorded"
# (label, youngest age in the band); the last band has no upper limit.
AGE_BANDS = [
    ("Under 20", 0),
    ("20 to 24", 20),
    ("25 to 29", 25),
    ("30 to 34", 30),
    ("35 to 39", 35),
    ("40 and over", 40),
]


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: dt.date | None, on: dt.date) -> str:
    if born is None:
        return NOT_RECORDED
    age = age_on(born, on)
    return [label for label, youngest in AGE_BANDS if age >= youngest][-1]


def language_name(text: str) -> str:
    """One spelling for a language however it was typed ("urdu " is Urdu)."""
    return " ".join(word.capitalize() for word in text.split())


def categories(dimension: str) -> list[tuple[str, str]]:
    """The fixed groups of a dimension, as (category, label); empty for languages and areas."""
    if dimension == Dimension.ETHNIC_CATEGORY:
        return [(c.code, c.label) for c in EthnicCategory.objects.all()]
    if dimension == Dimension.AGE_BAND:
        return [(label, label) for label, _ in AGE_BANDS]
    return []


def check_category(dimension: str, name: str) -> str:
    """A language or an area as it is stored, or "" when the text is not one."""
    if dimension == Dimension.AREA:
        return district_of(name)
    if dimension == Dimension.LANGUAGE and len(name) <= 40 and LANGUAGE.match(name.strip()):
        return language_name(name)
    return ""
