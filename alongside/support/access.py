"""Which peer support, people, contacts and groups a membership may see (ADR 0002).

- a peer worker sees the people she is allocated to, in that service;
- a co-ordinator, clinician, service manager or admin sees her own service;
- a commissioner or national reviewer sees no person at all.
"Missing" and "not yours" both raise Http404, so a URL never tells which it was.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from alongside.accounts.scope import found, is_peer_worker, sees_person_level
from alongside.lib import dates
from alongside.organisations.models import Membership
from alongside.people.models import Family, Person
from alongside.support.models import (
    CASELOAD_STATUSES,
    OPEN_STATUSES,
    Allocation,
    Contact,
    Group,
    GroupSession,
    PeerSupport,
)

GROUPS_LED_WITHIN = dt.timedelta(days=90)  # "the groups she leads": one she led in the last 90 days


def _open_allocation_to(membership: Membership, peer_support_ref: str = "pk") -> Exists:
    return Exists(
        Allocation.objects.filter(
            peer_support=OuterRef(peer_support_ref), peer_worker_id=membership.user_id, ended_on__isnull=True
        )
    )


def peer_supports_for_user(membership: Membership | None) -> QuerySet[PeerSupport]:
    if not sees_person_level(membership):
        return PeerSupport.objects.none()
    assert membership is not None
    qs = PeerSupport.objects.filter(service_id=membership.service_id)
    if is_peer_worker(membership):
        qs = qs.filter(_open_allocation_to(membership))
    return qs


def get_peer_support_for_user(membership: Membership | None, pk: int) -> PeerSupport:
    return found(
        peer_supports_for_user(membership).select_related("person", "service"),
        pk,
        "peer support relationship",
    )


def people_for_user(membership: Membership | None) -> QuerySet[Person]:
    if not sees_person_level(membership):
        return Person.objects.none()
    assert membership is not None
    if is_peer_worker(membership):
        return Person.objects.filter(
            Exists(peer_supports_for_user(membership).filter(person_id=OuterRef("pk")))
        )
    # The people the service holds a record for, and those it supports: someone accepted here at a
    # transition keeps her record at the service she came from (alongside/transitions).
    supported_here = Exists(
        PeerSupport.objects.filter(person_id=OuterRef("pk"), service_id=membership.service_id)
    )
    return Person.objects.filter(Q(service_id=membership.service_id) | supported_here)


def get_person_for_user(membership: Membership | None, pk: int) -> Person:
    return found(people_for_user(membership).select_related("ethnic_category", "family"), pk, "person")


def ward_people_for_user(membership: Membership | None) -> QuerySet[Person]:
    """On a ward a peer worker meets every mother there, not only those allocated to her: on a
    ward service, staff and peer workers may name anyone in open peer support (names only, as for
    group registers; ADR 0002). Elsewhere, the usual scope applies."""
    if not sees_person_level(membership):
        return Person.objects.none()
    assert membership is not None
    if not membership.service.has_wards:
        return people_for_user(membership)
    return Person.objects.filter(
        peer_supports__service_id=membership.service_id, peer_supports__status__in=OPEN_STATUSES
    ).distinct()


def families_for_user(membership: Membership | None) -> QuerySet[Family]:
    return Family.objects.filter(Exists(people_for_user(membership).filter(family_id=OuterRef("pk"))))


def contacts_for_user(membership: Membership | None) -> QuerySet[Contact]:
    return Contact.objects.filter(peer_support__in=peer_supports_for_user(membership))


def group_sessions_for_user(membership: Membership | None) -> QuerySet[GroupSession]:
    """Groups are a service's: anyone there who may see people may see its groups."""
    if not sees_person_level(membership):
        return GroupSession.objects.none()
    assert membership is not None
    return GroupSession.objects.filter(service_id=membership.service_id)


def get_group_session_for_user(membership: Membership | None, pk: int) -> GroupSession:
    return found(group_sessions_for_user(membership).select_related("led_by"), pk, "group session")


def group_sessions_attended_by(person: Person) -> QuerySet[GroupSession]:
    """The sessions she came to, at any service: for her own subject access request, once she
    herself was found through people_for_user."""
    return GroupSession.objects.filter(attendances__peer_support__person=person).distinct()


def register_candidates_for_user(membership: Membership | None) -> QuerySet[PeerSupport]:
    """Who can be ticked on a group register: anyone in open peer support at the service.

    Groups are open to everyone the service supports, so the register lists their names
    (and nothing else) even to a peer worker who is not allocated to them (ADR 0002).
    """
    if not sees_person_level(membership):
        return PeerSupport.objects.none()
    assert membership is not None
    return PeerSupport.objects.filter(service_id=membership.service_id, status__in=OPEN_STATUSES)


def groups_for_user(membership: Membership | None) -> QuerySet[Group]:
    if not sees_person_level(membership):
        return Group.objects.none()
    assert membership is not None
    return Group.objects.filter(service_id=membership.service_id)


def get_group_for_user(membership: Membership | None, pk: int) -> Group:
    return found(groups_for_user(membership), pk, "group")


def her_caseload(membership: Membership) -> QuerySet[PeerSupport]:
    """The people she supports: allocated to her now, whatever her role (her Today page, her
    reminders). A co-ordinator who supports a few mothers has those few, not her whole service."""
    return (
        peer_supports_for_user(membership)
        .filter(status__in=CASELOAD_STATUSES)
        .filter(allocations__peer_worker_id=membership.user_id, allocations__ended_on__isnull=True)
    )


def groups_she_leads(membership: Membership, today: dt.date) -> QuerySet[Group]:
    """The groups she has led a session of in the last 90 days (her Today page, her reminders)."""
    since, _ = dates.days(today, today)
    return (
        groups_for_user(membership)
        .filter(sessions__led_by_id=membership.user_id, sessions__starts_at__gte=since - GROUPS_LED_WITHIN)
        .distinct()
    )


def open_allocations_of(peer_support: PeerSupport) -> QuerySet[Allocation]:
    """Her open allocations, for a peer support row itself fetched through a helper."""
    return Allocation.objects.filter(peer_support=peer_support, ended_on__isnull=True)


def allocations_prefetch(*, open_only: bool, to_attr: str | None = None) -> Prefetch:
    """Prefetch the peer workers of peer support rows that were themselves fetched through a helper."""
    qs = Allocation.objects.select_related("peer_worker")
    if open_only:
        qs = qs.filter(ended_on__isnull=True)
    return Prefetch("allocations", queryset=qs, to_attr=to_attr)
