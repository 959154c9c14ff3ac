"""Support for fathers and partners in a service, each figure defined once (ADR 0004).

How many fathers and partners are waiting is alongside.support.metrics.fathers_and_partners_waiting.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from alongside.accounts.rules import PEER_SUPPORTER_ROLES
from alongside.organisations.models import Membership, Organisation, Service
from alongside.vocabularies.models import COMMUNITIES, term_id

FATHERS = term_id(COMMUNITIES, "fathers")


@dataclass(frozen=True)
class FathersSupport:
    peer_workers: int  # peer workers of the service who say they support fathers and partners
    men: int  # of whom men
    partners: list[str]  # partner organisations whose remit includes fathers and partners


def fathers_support(service: Service, partners: QuerySet[Organisation]) -> FathersSupport:
    """Who in the service, and which of its partners, support fathers and partners."""
    supports = Q(profile__supports_fathers=True) | Q(profile__communities=FATHERS)
    counts = (
        Membership.objects.filter(service=service, active=True, role__in=PEER_SUPPORTER_ROLES)
        .filter(supports)
        .aggregate(
            peer_workers=Count("user", distinct=True), men=Count("user", filter=Q(male=True), distinct=True)
        )
    )
    with_remit = partners.filter(partner_remit__communities=FATHERS).distinct()
    return FathersSupport(counts["peer_workers"], counts["men"], [o.name for o in with_remit])
