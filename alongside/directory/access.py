"""Which signpostings a user may see: those of the peer support she may see (ADR 0002).

Built on alongside.support.access.peer_supports_for_user, so a peer worker sees the signpostings of the
people allocated to her, staff their service's, and commissioners none. "Missing" and "not
yours" both raise Http404. The directory itself (organisations, services) is not person-level.
"""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from alongside.directory.models import Service, Signposting
from alongside.organisations.models import Membership
from alongside.support.access import peer_supports_for_user


def signpostings_for_user(membership: Membership | None) -> QuerySet[Signposting]:
    return Signposting.objects.filter(peer_support__in=peer_supports_for_user(membership))


def get_signposting_for_user(membership: Membership | None, pk: int) -> Signposting:
    found = (
        signpostings_for_user(membership)
        .select_related("peer_support__person", "service__organization", "signposted_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such signposting")
    return found


def get_directory_service(pk: uuid.UUID) -> Service:
    """A directory entry. The directory is the deployment's, not a service's: anyone whose role
    may edit it may edit any entry, and anyone who may see people may signpost to any."""
    found = Service.objects.select_related("organization").filter(pk=pk).first()
    if found is None:
        raise Http404("No such directory entry")
    return found
