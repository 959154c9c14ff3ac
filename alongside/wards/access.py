"""Which ward shifts and concerns a membership may see (ADR 0002). "Missing" and "not yours" both
raise Http404."""

from django.db.models import QuerySet
from django.http import Http404

from alongside.accounts.scope import found, is_peer_worker, sees_person_level
from alongside.organisations.models import Membership
from alongside.wards.models import Escalation, Shift


def shifts_for_user(membership: Membership | None) -> QuerySet[Shift]:
    """A peer worker sees her own shifts; ward staff, co-ordinators and managers their service's."""
    if not sees_person_level(membership):
        return Shift.objects.none()
    assert membership is not None
    qs = Shift.objects.filter(service_id=membership.service_id)
    if is_peer_worker(membership):
        qs = qs.filter(peer_worker_id=membership.user_id)
    return qs


def get_shift_for_user(membership: Membership | None, pk: int) -> Shift:
    return found(shifts_for_user(membership).select_related("peer_worker", "service"), pk, "shift")


def get_own_shift_for_user(membership: Membership | None, pk: int) -> Shift:
    """Only she signs out of her shift: anyone else gets 404, whatever else they may see."""
    if membership is None:
        raise Http404("No such shift")
    return found(shifts_for_user(membership).filter(peer_worker_id=membership.user_id), pk, "shift")


def escalations_for_user(membership: Membership | None) -> QuerySet[Escalation]:
    """Clinical staff, co-ordinators and managers of the service; a peer worker those she raised."""
    if not sees_person_level(membership):
        return Escalation.objects.none()
    assert membership is not None
    qs = Escalation.objects.filter(service_id=membership.service_id)
    if is_peer_worker(membership):
        qs = qs.filter(raised_by_id=membership.user_id)
    return qs


def get_escalation_for_user(membership: Membership | None, pk: int) -> Escalation:
    return found(
        escalations_for_user(membership).select_related("service", "person", "raised_by"), pk, "concern"
    )
