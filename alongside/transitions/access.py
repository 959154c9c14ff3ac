"""Which transitions, notices and tokens each user may see (ADR 0002). Views use only these.

- Staff of a service (co-ordinators, clinicians, managers, admins) see the transitions out of it
  and into it; a peer worker sees none here, only the notices addressed to her.
- A notice is its recipient's alone.
- A service's API tokens and their calls are its own; the decorator decides who may manage them.
"Missing" and "not yours" both raise Http404.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from alongside.accounts.rules import Perm, has_perm
from alongside.organisations.models import Membership, Service
from alongside.people.models import Person
from alongside.support.models import PeerSupport
from alongside.transitions.models import ApiCall, ApiToken, PersonReference, Transition, TransitionNotice


def _is_staff(membership: Membership | None) -> bool:
    return membership is not None and has_perm(membership.role, Perm.VIEW_TRANSITIONS)


def people_in_service(service: Service | int) -> QuerySet[Person]:
    """The people a service holds a record for or supports: whom it may record a transition for,
    and whom its clinical system may name. Anyone else is "no such person in your service"."""
    service_id = service.pk if isinstance(service, Service) else service
    supported_here = Exists(PeerSupport.objects.filter(person_id=OuterRef("pk"), service_id=service_id))
    return Person.objects.filter(Q(service_id=service_id) | supported_here)


def receiving_service(pk: int) -> Service | None:
    """A service on Alongside an event may name as where she goes (any service: a directory of
    teams, not of people), or None. The JSON and FHIR routes both look it up here."""
    return Service.objects.filter(pk=pk).first()


def receiving_services() -> QuerySet[Service]:
    """Every service an event may name, by name (GET /api/v1/services)."""
    return Service.objects.order_by("name")


def transitions_for_user(membership: Membership | None) -> QuerySet[Transition]:
    if not _is_staff(membership):
        return Transition.objects.none()
    assert membership is not None
    return Transition.objects.filter(
        Q(from_service_id=membership.service_id) | Q(to_service_id=membership.service_id)
    )


def arrivals_for_user(membership: Membership | None) -> QuerySet[Transition]:
    """Transitions into the acting service: the ones its co-ordinators accept or decline."""
    if not _is_staff(membership):
        return Transition.objects.none()
    assert membership is not None
    return Transition.objects.filter(to_service_id=membership.service_id)


def get_arrival_for_user(membership: Membership | None, pk: int) -> Transition:
    found = (
        arrivals_for_user(membership)
        .select_related("person", "from_service", "to_service", "decided_by", "peer_support")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such transition")
    return found


def notices_for_user(user: Any, membership: Membership | None) -> QuerySet[TransitionNotice]:
    """Her notices, for the service she is acting in."""
    user_id = getattr(user, "pk", None)
    if membership is None or user_id is None:
        return TransitionNotice.objects.none()
    return TransitionNotice.objects.filter(recipient_id=user_id, service_id=membership.service_id)


def get_notice_for_user(user: Any, pk: int) -> TransitionNotice:
    """Only its recipient may mark a notice seen, whatever role she is acting in."""
    user_id = getattr(user, "pk", None)
    found = TransitionNotice.objects.filter(pk=pk, recipient_id=user_id).first() if user_id else None
    if found is None:
        raise Http404("No such notice")
    return found


def tokens_for_user(membership: Membership | None) -> QuerySet[ApiToken]:
    if membership is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(service_id=membership.service_id)


def get_token_for_user(membership: Membership | None, pk: int) -> ApiToken:
    found = tokens_for_user(membership).filter(pk=pk).first()
    if found is None:
        raise Http404("No such token")
    return found


def api_calls_for_user(membership: Membership | None) -> QuerySet[ApiCall]:
    return ApiCall.objects.filter(token__in=tokens_for_user(membership))


def reference_in_service(service: Service, reference: str) -> PersonReference | None:
    """The link a clinical system's reference makes to her, in the token's service."""
    return PersonReference.objects.filter(service=service, reference=reference).first()


def references_of(service: Service, person: Person) -> QuerySet[PersonReference]:
    return PersonReference.objects.filter(service=service, person=person)


def event_sent_before(service_id: int, event_id: str) -> Transition | None:
    """The transition a clinical system's event made before, from the same service, if any."""
    return Transition.objects.filter(from_service_id=service_id, external_id=event_id).first()


def sent_event(service_id: int, pk: int) -> Transition | None:
    """An event the service's clinical systems sent through the API, by the id the API gave it:
    what GET /api/v1/events/{id} may show that service. Anything else, missing or not its own,
    is None alike."""
    return (
        Transition.objects.select_related("to_service")
        .filter(pk=pk, from_service_id=service_id, source=Transition.Source.API)
        .first()
    )
