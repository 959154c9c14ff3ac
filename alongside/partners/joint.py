"""Joint support: which organisation each allocated peer worker is from.

A person may be supported by the NHS team and one or more partners at once, each through its own
peer worker (Allocation; docs/domain.md, "Principle 2: Accessible and inclusive"). Where she is
from is the peer worker's membership of that service: her host organisation, or the NHS team.
"""

from collections.abc import Iterable

from django.db.models import F

from alongside.accounts.rules import PEER_SUPPORTER_ROLES
from alongside.organisations.models import Membership
from alongside.support.models import PeerSupport


def organisation_labels(peer_supports: Iterable[PeerSupport]) -> dict[tuple[int, int], str]:
    """(service id, peer worker's user id) -> her organisation, for every allocation of these
    peer supports (prefetched), in one query."""
    supports = list(peer_supports)
    users = {a.peer_worker_id for ps in supports for a in ps.allocations.all()}
    if not users:
        return {}
    memberships = (
        Membership.objects.filter(
            service_id__in={ps.service_id for ps in supports},
            user_id__in=users,
            role__in=PEER_SUPPORTER_ROLES,
        )
        .select_related("host_organisation")
        .order_by(F("host_organisation_id").asc(nulls_last=True), "pk")
    )
    labels: dict[tuple[int, int], str] = {}
    for m in memberships:
        # A hosted membership names her organisation; it wins over any other role she holds there.
        labels.setdefault((m.service_id, m.user_id), m.organisation_label)
    return labels
