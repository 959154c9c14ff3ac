"""Which services' equity figures each user may see (ADR 0002, ADR 0016).

Co-ordinators and service managers see their own service; a commissioner the services in her ICB;
a national reviewer every service (alongside.accounts.scope.services_for_aggregates). The
figures are aggregates, suppressed, never a person. Another service is 404, like anything not yours.
"""

from django.db.models import QuerySet
from django.http import Http404

from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.scope import services_for_aggregates
from alongside.equity.models import PopulationShare
from alongside.organisations.models import Membership, Service


def services_for_equity(membership: Membership | None) -> list[Service]:
    if membership is None or not has_perm(membership.role, Perm.VIEW_EQUITY):
        return []
    return services_for_aggregates(membership)


def get_service_for_equity(membership: Membership | None, pk: str | None) -> Service:
    """The service named by `pk` (a query parameter, so any text), or her own when none is named."""
    services = services_for_equity(membership)
    if pk is None and membership is not None:
        pk = str(membership.service_id)
    found = next((s for s in services if pk is not None and str(s.pk) == pk.strip()), None)
    if found is None:
        raise Http404("No such service")
    return found


def population_shares(service: Service, dimension: str | None = None) -> QuerySet[PopulationShare]:
    """A service's local population shares (its own data, not about any person)."""
    qs = PopulationShare.objects.filter(service=service)
    return qs.filter(dimension=dimension) if dimension else qs
