"""Each metric defined once, here, and used by dashboards, alerts and exports alike (ADR 0004).

Every function takes a service (and a date where the answer depends on "today") and returns
plain rows, so the same figure is the same wherever it is shown.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from alongside.organisations.models import Membership, Role, Service
from alongside.people.models import Person
from alongside.support.models import CASELOAD_STATUSES, PeerSupport, Status


@dataclass(frozen=True)
class CaseloadRow:
    membership: Membership
    caseload: int


def open_caseload(service: Service) -> Count:
    """A membership's caseload, to annotate on Membership rows: the people her user is allocated to
    in the service whose support is not over. Used by the dashboard and by matching alike."""
    return Count(
        "user__allocations",
        filter=Q(
            user__allocations__ended_on__isnull=True,
            user__allocations__peer_support__service=service,
            user__allocations__peer_support__status__in=CASELOAD_STATUSES,
        ),
        distinct=True,
    )


def caseload_by_peer_worker(service: Service) -> list[CaseloadRow]:
    """People each peer worker in the service is allocated to, whose support is not over."""
    members = (
        Membership.objects.filter(service=service, role__in=[Role.PEER_WORKER, Role.COORDINATOR], active=True)
        .select_related("user", "host_organisation")
        .annotate(caseload=open_caseload(service))
        .order_by("-caseload", "user__last_name")
    )
    # A co-ordinator who supports nobody herself is not a peer worker with an empty caseload.
    return [
        CaseloadRow(m, m.caseload)  # type: ignore[attr-defined]
        for m in members
        if m.role == Role.PEER_WORKER or m.caseload  # type: ignore[attr-defined]
    ]


def unallocated_referrals(service: Service) -> QuerySet[PeerSupport]:
    """Referrals still waiting for a peer worker, oldest first."""
    return (
        PeerSupport.objects.filter(service=service, status=Status.REFERRED)
        .select_related("person", "referred_by")
        .order_by("referred_on", "pk")
    )


FATHERS_AND_PARTNERS = (Person.FamilyRole.FATHER, Person.FamilyRole.PARTNER)


def fathers_and_partners_waiting(service: Service) -> QuerySet[PeerSupport]:
    """Fathers and partners referred in their own right and still waiting for a peer worker."""
    return unallocated_referrals(service).filter(person__family_role__in=FATHERS_AND_PARTNERS)


def days_waiting(peer_support: PeerSupport, today: dt.date) -> int:
    return (today - peer_support.referred_on).days


def with_last_successful_contact(qs: QuerySet[PeerSupport]) -> QuerySet[PeerSupport]:
    return qs.annotate(
        last_contact_at=Max("contacts__occurred_at", filter=Q(contacts__successful=True)),
    )


def without_recent_contact(
    service: Service, today: dt.date, days: int | None = None
) -> QuerySet[PeerSupport]:
    """People in allocated or active support with no successful contact for `days` days.

    Someone allocated who has never been reached counts from the day she was allocated:
    silence from the start is the case this metric exists to catch.
    """
    days = service.no_contact_days if days is None else days
    cutoff = dt.datetime.combine(
        today - dt.timedelta(days=days), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return (
        with_last_successful_contact(
            PeerSupport.objects.filter(service=service, status__in=[Status.ALLOCATED, Status.ACTIVE])
        )
        .filter(
            Q(last_contact_at__lt=cutoff)
            | Q(last_contact_at__isnull=True, status_changed_on__lt=cutoff.date())
        )
        .select_related("person")
        .order_by(F("last_contact_at").asc(nulls_first=True), "status_changed_on", "pk")
    )


def deferred_by_clinical_team(service: Service) -> QuerySet[PeerSupport]:
    """Everyone deferred as "too poorly for peer support", soonest review first: never silent."""
    return (
        PeerSupport.objects.filter(service=service, status=Status.DEFERRED)
        .select_related("person")
        .order_by("review_on", "pk")
    )
