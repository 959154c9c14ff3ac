"""Who sees the peer network (ADR 0002, ADR 0010). Views use only these.

The directory is for peer workers and co-ordinators who are in it themselves: she sees others
only while she lets them see her. An entry shows only while its owner is still a peer worker or
co-ordinator somewhere. A group's members are listed to its members only. Commissioners,
national reviewers, clinicians and managers see none of it.
"""

from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from alongside.accounts.rules import PEER_SUPPORTER_ROLES, Perm, has_perm
from alongside.network.models import DirectoryEntry, GroupMember, PeerGroup
from alongside.organisations.models import Membership, Region, Service


def _user_id(user: Any) -> int:
    """Her user id; 0, which is nobody's, for someone not logged in."""
    return int(getattr(user, "pk", None) or 0)


def in_network(membership: Membership | None) -> bool:
    """She is acting as a peer worker or co-ordinator."""
    return membership is not None and has_perm(membership.role, Perm.PEER_NETWORK)


def own_entry(user: Any) -> DirectoryEntry | None:
    return DirectoryEntry.objects.filter(peer_worker_id=_user_id(user)).first()


def directory_for_user(user: Any, membership: Membership | None) -> QuerySet[DirectoryEntry]:
    """Everyone in the directory, for someone in it herself; nothing for anyone else."""
    if not in_network(membership) or own_entry(user) is None:
        return DirectoryEntry.objects.none()
    still_peer = Membership.objects.filter(
        user=OuterRef("peer_worker"), role__in=PEER_SUPPORTER_ROLES, active=True
    )
    return DirectoryEntry.objects.filter(Exists(still_peer)).select_related(
        "service", "region", "peer_worker"
    )


def her_services(user: Any) -> QuerySet[Service]:
    """The services she may show on her entry: those she works in as a peer worker or co-ordinator."""
    return Service.objects.filter(
        memberships__user_id=_user_id(user),
        memberships__role__in=PEER_SUPPORTER_ROLES,
        memberships__active=True,
    ).distinct()


def her_regions(user: Any) -> QuerySet[Region]:
    return Region.objects.filter(icbs__services__in=her_services(user)).distinct()


def groups_for_user(user: Any, membership: Membership | None) -> QuerySet[PeerGroup]:
    """Every group, for peer workers and co-ordinators, with its size and whether she is in it."""
    if not in_network(membership):
        return PeerGroup.objects.none()
    mine = GroupMember.objects.filter(group=OuterRef("pk"), user_id=_user_id(user))
    return PeerGroup.objects.annotate(size=Count("members", distinct=True), is_member=Exists(mine))


def get_group_for_user(user: Any, membership: Membership | None, pk: int) -> PeerGroup:
    found = groups_for_user(user, membership).filter(pk=pk).first()
    if found is None:
        raise Http404("No such group")
    return found


def members_for_user(user: Any, group: PeerGroup) -> QuerySet[GroupMember]:
    """A group's members, for its members only (group from get_group_for_user)."""
    if not GroupMember.objects.filter(group=group, user_id=_user_id(user)).exists():
        return GroupMember.objects.none()
    return GroupMember.objects.filter(group=group).select_related("user")
