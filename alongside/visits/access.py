"""Which visits a membership may see (ADR 0002). "Missing" and "not yours" both raise Http404."""

from django.db.models import Q, QuerySet

from alongside.accounts.rules import OVERSIGHT_ROLES
from alongside.accounts.scope import found, sees_person_level
from alongside.organisations.models import Membership
from alongside.visits.models import Visit


def visits_for_user(membership: Membership | None) -> QuerySet[Visit]:
    """A peer worker sees her own visits; a co-ordinator or manager the service's; anyone named
    as the lone-working contact for a visit sees that visit."""
    if not sees_person_level(membership):
        return Visit.objects.none()
    assert membership is not None
    in_service = Q(peer_support__service_id=membership.service_id)
    if membership.role in OVERSIGHT_ROLES:
        return Visit.objects.filter(in_service)
    return Visit.objects.filter(
        in_service & (Q(peer_worker_id=membership.user_id) | Q(named_contact_id=membership.user_id))
    )


def get_visit_for_user(membership: Membership | None, pk: int) -> Visit:
    return found(
        visits_for_user(membership).select_related(
            "peer_support__person", "peer_support__service", "peer_worker", "companion", "named_contact"
        ),
        pk,
        "visit",
    )
