"""UK postcodes: validated against the Royal Mail format, stored upper case with one space."""

import re

from django.core.exceptions import ValidationError

# Outward code (area, district) and inward code (sector, unit); includes GIR 0AA.
_PATTERN = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]([0-9]|[ABEHMNPRVWXY])?|[0-9][A-HJKPSTUW])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)

# A postcode district (outward code), e.g. B12, M1, LA1, EC1A.
DISTRICT_PATTERN = r"^[A-Z]{1,2}[0-9][0-9A-Z]?$"


def normalise(value: str) -> str:
    compact = re.sub(r"\s+", "", (value or "").upper())
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def validate(value: str) -> None:
    if not _PATTERN.match(normalise(value)):
        raise ValidationError("Enter a full UK postcode, like LS1 4AP")


def district(value: str) -> str:
    """The outward code (postcode district), the finest area we report on."""
    return normalise(value).split(" ")[0]


def district_of(name: str) -> str:
    """The postcode district an area names, when it names one ("B12"), else ""."""
    candidate = re.sub(r"\s+", "", name or "").upper()
    return candidate if re.match(DISTRICT_PATTERN, candidate) else ""
