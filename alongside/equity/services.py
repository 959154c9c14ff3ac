"""Writes for the equity view: a service's local population shares."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.equity.groups import categories, check_category
from alongside.equity.models import Dimension, PopulationShare
from alongside.organisations.models import Membership

HUNDRED = Decimal(100)


def population_shares_save(
    *, actor: User, membership: Membership, dimension: str, shares: dict[str, Decimal], source: str
) -> list[PopulationShare]:
    """Replace the acting service's shares for one dimension. Each share is 0 to 100 and together
    they add up to no more than 100; each group must be one the dimension knows. None clears them."""
    if dimension not in Dimension.values:
        raise ValidationError("Choose ethnic category, language, age band or area")
    fixed = {category for category, _ in categories(dimension)}
    errors = []
    for category, percent in shares.items():
        known = category in fixed if fixed else check_category(dimension, category) == category
        if not known:
            errors.append(f"{category} is not one of the groups of {Dimension(dimension).label.lower()}")
        if not Decimal(0) <= percent <= HUNDRED:
            errors.append(f"The share for {category} must be between 0 and 100")
    total = sum(shares.values(), Decimal(0))
    if total > HUNDRED:
        errors.append(f"The shares add up to {total:g}%: they must not add up to more than 100%")
    if shares and not source.strip():
        errors.append("Say where the figures come from, for example Census 2021")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        PopulationShare.objects.filter(service=membership.service, dimension=dimension).delete()
        saved = PopulationShare.objects.bulk_create(
            PopulationShare(
                service=membership.service,
                dimension=dimension,
                category=category,
                percent=percent.quantize(Decimal("0.01")),
                source=source.strip(),
                updated_at=now,
                updated_by=actor,
            )
            for category, percent in shares.items()
        )
        audit.record(
            actor,
            "update",
            membership.service,
            membership=membership,
            summary=f"Population shares: {Dimension(dimension).label} ({len(saved)} groups)",
        )
    return saved
