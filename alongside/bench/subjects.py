"""Whom and what the benchmark measures, picked from the data itself (no demo names or emails).

The busiest service (most peer support relationships) is where pages are heaviest; at it, the peer
worker with the largest open caseload, and the person in that caseload with the most contacts, so
the pages measured are the slowest a real user there would open. The generator
(alongside/demo/generator.py) and the demo builder both make data of this shape.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from alongside.organisations.models import Membership, Role, Service
from alongside.people.models import Person
from alongside.support.metrics import last_12_months
from alongside.support.models import CASELOAD_STATUSES, Contact, PeerSupport

# The roles measured, in the order their pages are printed.
ROLES = (
    Role.PEER_WORKER,
    Role.COORDINATOR,
    Role.CLINICIAN,
    Role.SERVICE_MANAGER,
    Role.COMMISSIONER,
    Role.NATIONAL_REVIEWER,
)


@dataclass(frozen=True)
class Subjects:
    service: Service
    peer_supports: int  # at the service: why it was picked
    members: dict[str, Membership]  # role -> the membership measured in that role
    caseload: int  # the chosen peer worker's open caseload
    person: Person | None  # in her caseload, with the most contacts
    peer_support: PeerSupport | None  # the person's support at the service
    start: dt.date  # the report's period: the last 12 months
    end: dt.date
    missing: list[str] = field(default_factory=list)  # roles with nobody to measure, said in the output


def busiest_service() -> tuple[Service, int] | None:
    found = Service.objects.annotate(n=Count("peer_supports")).order_by("-n", "pk").first()
    return None if found is None else (found, found.n)  # type: ignore[attr-defined]


def _open_caseload(service: Service) -> Count:
    return Count(
        "user__allocations",
        filter=Q(
            user__allocations__ended_on__isnull=True,
            user__allocations__peer_support__service=service,
            user__allocations__peer_support__status__in=CASELOAD_STATUSES,
        ),
    )


def _busiest_peer_worker(service: Service) -> tuple[Membership | None, int]:
    found = (
        Membership.objects.filter(service=service, role=Role.PEER_WORKER, active=True)
        .annotate(caseload=_open_caseload(service))
        .order_by("-caseload", "pk")
        .select_related("user", "service")
        .first()
    )
    return (found, found.caseload) if found else (None, 0)  # type: ignore[attr-defined]


def _one(role: str, **where: object) -> Membership | None:
    return (
        Membership.objects.filter(role=role, active=True, **where)
        .select_related("user", "service")
        .order_by("pk")
        .first()
    )


def _heaviest_support(service: Service, peer_worker: Membership | None) -> PeerSupport | None:
    """Her open support with the most contacts: the longest record page and contact history."""
    if peer_worker is None:
        return None
    busiest = (
        Contact.objects.filter(
            peer_support__service=service,
            peer_support__status__in=CASELOAD_STATUSES,
            peer_support__allocations__peer_worker=peer_worker.user,
            peer_support__allocations__ended_on__isnull=True,
        )
        .values("peer_support")
        .annotate(n=Count("pk"))
        .order_by("-n", "peer_support")
        .first()
    )
    if busiest is None:
        return None
    return PeerSupport.objects.select_related("person").get(pk=busiest["peer_support"])


def pick(today: dt.date) -> Subjects | None:
    """The service, users and records to measure, or None when the database holds no service."""
    busiest = busiest_service()
    if busiest is None:
        return None
    service, count = busiest
    peer_worker, caseload = _busiest_peer_worker(service)
    found = {
        Role.PEER_WORKER: peer_worker,
        Role.COORDINATOR: _one(Role.COORDINATOR, service=service),
        Role.CLINICIAN: _one(Role.CLINICIAN, service=service),
        Role.SERVICE_MANAGER: _one(Role.SERVICE_MANAGER, service=service),
        Role.COMMISSIONER: _one(Role.COMMISSIONER, service__icb_id=service.icb_id),
        Role.NATIONAL_REVIEWER: _one(Role.NATIONAL_REVIEWER),
    }
    support = _heaviest_support(service, peer_worker)
    start, end = last_12_months(today)
    return Subjects(
        service=service,
        peer_supports=count,
        members={role: m for role, m in found.items() if m is not None},
        caseload=caseload,
        person=support.person if support else None,
        peer_support=support,
        start=start,
        end=end,
        missing=[str(Role(role).label) for role, m in found.items() if m is None],
    )
