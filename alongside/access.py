"""Every lookup of person-level data goes through these helpers (ADR 0002).

They scope by the membership the user is acting in (request.membership):
- a peer worker sees the people she is allocated to, in that service;
- a co-ordinator, clinician, service manager or admin sees her own service;
- a commissioner or national reviewer sees no person at all.
"Missing" and "not yours" both raise Http404, so a URL never tells which it was.
Views must not query person-level models' .objects themselves: a test enforces it.
"""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from alongside.accounts.rules import PERSON_LEVEL_ROLES
from alongside.organisations.models import Membership, Role
from alongside.people.models import Family, Person
from alongside.support.models import OPEN_STATUSES, Allocation, Contact, GroupSession, PeerSupport

PERSON_LEVEL_MODELS = (Person, Family, PeerSupport, Allocation, Contact, GroupSession)


def _sees_person_level(membership: Membership | None) -> bool:
    return membership is not None and membership.role in PERSON_LEVEL_ROLES


def _is_peer_worker(membership: Membership) -> bool:
    return membership.role == Role.PEER_WORKER


def _open_allocation_to(membership: Membership, peer_support_ref: str = "pk") -> Exists:
    return Exists(
        Allocation.objects.filter(
            peer_support=OuterRef(peer_support_ref), peer_worker_id=membership.user_id, ended_on__isnull=True
        )
    )


def peer_supports_for_user(membership: Membership | None) -> QuerySet[PeerSupport]:
    if not _sees_person_level(membership):
        return PeerSupport.objects.none()
    assert membership is not None
    qs = PeerSupport.objects.filter(service_id=membership.service_id)
    if _is_peer_worker(membership):
        qs = qs.filter(_open_allocation_to(membership))
    return qs


def get_peer_support_for_user(membership: Membership | None, pk: int) -> PeerSupport:
    found = peer_supports_for_user(membership).select_related("person", "service").filter(pk=pk).first()
    if found is None:
        raise Http404("No such peer support relationship")
    return found


def people_for_user(membership: Membership | None) -> QuerySet[Person]:
    if not _sees_person_level(membership):
        return Person.objects.none()
    assert membership is not None
    if _is_peer_worker(membership):
        return Person.objects.filter(
            Exists(peer_supports_for_user(membership).filter(person_id=OuterRef("pk")))
        )
    return Person.objects.filter(service_id=membership.service_id)


def get_person_for_user(membership: Membership | None, pk: int) -> Person:
    found = people_for_user(membership).select_related("ethnic_category", "family").filter(pk=pk).first()
    if found is None:
        raise Http404("No such person")
    return found


def families_for_user(membership: Membership | None) -> QuerySet[Family]:
    return Family.objects.filter(Exists(people_for_user(membership).filter(family_id=OuterRef("pk"))))


def contacts_for_user(membership: Membership | None) -> QuerySet[Contact]:
    return Contact.objects.filter(peer_support__in=peer_supports_for_user(membership))


def group_sessions_for_user(membership: Membership | None) -> QuerySet[GroupSession]:
    """Groups are a service's: anyone there who may see people may see its groups."""
    if not _sees_person_level(membership):
        return GroupSession.objects.none()
    assert membership is not None
    return GroupSession.objects.filter(service_id=membership.service_id)


def get_group_session_for_user(membership: Membership | None, pk: int) -> GroupSession:
    found = group_sessions_for_user(membership).select_related("led_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such group session")
    return found


def register_candidates_for_user(membership: Membership | None) -> QuerySet[PeerSupport]:
    """Who can be ticked on a group register: anyone in open peer support at the service.

    Groups are open to everyone the service supports, so the register lists their names
    (and nothing else) even to a peer worker who is not allocated to them (ADR 0002).
    """
    if not _sees_person_level(membership):
        return PeerSupport.objects.none()
    assert membership is not None
    return PeerSupport.objects.filter(service_id=membership.service_id, status__in=OPEN_STATUSES)


def peer_workers_for_user(membership: Membership | None) -> QuerySet[Membership]:
    """Peer workers a co-ordinator may allocate: those working in her service."""
    if membership is None:
        return Membership.objects.none()
    return Membership.objects.filter(
        service_id=membership.service_id, role__in=[Role.PEER_WORKER, Role.COORDINATOR], active=True
    ).select_related("user", "host_organisation")


def allocations_prefetch(*, open_only: bool, to_attr: str | None = None) -> Prefetch:
    """Prefetch the peer workers of peer support rows that were themselves fetched through a helper."""
    qs = Allocation.objects.select_related("peer_worker")
    if open_only:
        qs = qs.filter(ended_on__isnull=True)
    return Prefetch("allocations", queryset=qs, to_attr=to_attr)
