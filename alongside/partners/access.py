"""Which partner organisations each user may see (ADR 0002): those in a current partnership with
the service she is acting in, for the roles that may see partners. "Missing" and "not yours"
both raise Http404. A remit is about an organisation, never about a person.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from alongside.accounts.rules import Perm, has_perm
from alongside.organisations.models import Membership, Organisation, Partnership, Role, Service


def partners_of(service: Service, on: dt.date) -> QuerySet[Organisation]:
    """Third-sector organisations working with the service on that day, by name."""
    working = Partnership.objects.filter(
        Partnership.current(on), service=service, organisation=OuterRef("pk")
    )
    return Organisation.objects.filter(Exists(working), kind=Organisation.Kind.THIRD_SECTOR).order_by("name")


def partners_for_user(membership: Membership | None) -> QuerySet[Organisation]:
    if membership is None or not has_perm(membership.role, Perm.VIEW_PARTNERS):
        return Organisation.objects.none()
    return partners_of(membership.service, timezone.localdate())


def get_partner_for_user(membership: Membership | None, pk: int) -> Organisation:
    found = partners_for_user(membership).select_related("partner_remit").filter(pk=pk).first()
    if found is None:
        raise Http404("No such partner")
    return found


def hosted_peer_workers(service: Service) -> QuerySet[Membership]:
    """Peer workers (and co-ordinators) in the service hosted by a third-sector organisation."""
    return (
        Membership.objects.filter(
            service=service,
            active=True,
            role__in=[Role.PEER_WORKER, Role.COORDINATOR],
            host_organisation__isnull=False,
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
