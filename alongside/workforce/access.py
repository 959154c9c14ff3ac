"""Which supervision records each user may see (ADR 0002, ADR 0009). Views use only these.

A supervision is hers and her supervisors': nobody else sees it, whatever their role (her
co-ordinator, a manager and an administrator included, unless they supervised her in it).
Her reflection on it is hers alone. "Missing" and "not yours" both raise Http404.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import User
from alongside.accounts.rules import Perm, has_perm
from alongside.organisations.models import Membership, Role
from alongside.workforce.models import Action, Reflection, Supervision

# The people who make up a service's team: not those who only see its figures.
TEAM_ROLES = (Role.PEER_WORKER, Role.COORDINATOR, Role.CLINICIAN, Role.SERVICE_MANAGER, Role.ADMIN)
# Who may be a peer supervisor: peer networks cross services.
PEER_ROLES = (Role.PEER_WORKER, Role.COORDINATOR)
# Who may record a supervision they gave to a peer worker of their service.
SUPERVISOR_ROLES = (Role.COORDINATOR, Role.CLINICIAN, Role.SERVICE_MANAGER)


def _user_id(user: Any) -> int | None:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def _supervised_by(user_id: int) -> Exists:
    return Exists(
        Supervision.supervisors.through.objects.filter(supervision_id=OuterRef("pk"), user_id=user_id)
    )


def supervisions_for_user(user: Any, membership: Membership | None) -> QuerySet[Supervision]:
    """Her own supervisions, and those she gave. Nothing without a role in some service."""
    user_id = _user_id(user)
    if membership is None or user_id is None:
        return Supervision.objects.none()
    return Supervision.objects.filter(Q(peer_worker_id=user_id) | _supervised_by(user_id))


def get_supervision_for_user(user: Any, membership: Membership | None, pk: int) -> Supervision:
    found = (
        supervisions_for_user(user, membership)
        .select_related("peer_worker", "service", "recorded_by")
        .prefetch_related("supervisors")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such supervision")
    return found


def get_own_supervision_for_user(user: Any, membership: Membership | None, pk: int) -> Supervision:
    """Only the peer worker herself: for her private reflection. Her supervisor gets 404."""
    found = supervisions_for_user(user, membership).filter(pk=pk, peer_worker_id=_user_id(user)).first()
    if found is None:
        raise Http404("No such supervision")
    return found


def reflection_for_user(user: Any, supervision: Supervision) -> Reflection | None:
    """Her reflection, for her; None for everyone else, whoever they are."""
    if supervision.peer_worker_id != _user_id(user):
        return None
    return Reflection.objects.filter(supervision=supervision).first()


def actions_for_user(user: Any, membership: Membership | None) -> QuerySet[Action]:
    """Actions she owns, actions from supervisions she may see, and, for those who manage the
    team (co-ordinators and service managers), every action from supervision in their service:
    they organise the training and support. Actions carry no notes and no reflection."""
    user_id = _user_id(user)
    if membership is None or user_id is None:
        return Action.objects.none()
    visible = Q(owner_id=user_id) | Q(supervision__in=supervisions_for_user(user, membership).values("pk"))
    if has_perm(membership.role, Perm.MANAGE_TEAM):
        visible |= Q(supervision__service_id=membership.service_id)
    return Action.objects.filter(visible)


def get_action_for_user(user: Any, membership: Membership | None, pk: int) -> Action:
    found = actions_for_user(user, membership).select_related("supervision").filter(pk=pk).first()
    if found is None:
        raise Http404("No such action")
    return found


# Who may be chosen on the forms (the service functions check the rules again) ----------------


def can_record_for_others(membership: Membership | None) -> bool:
    return membership is not None and membership.role in SUPERVISOR_ROLES


def can_record(membership: Membership | None) -> bool:
    return membership is not None and (
        membership.role == Role.PEER_WORKER or can_record_for_others(membership)
    )


def supervisees_for_user(membership: Membership) -> QuerySet[User]:
    """The peer workers of the acting service, for a supervisor recording a supervision she gave."""
    return (
        User.objects.filter(
            memberships__service_id=membership.service_id,
            memberships__role=Role.PEER_WORKER,
            memberships__active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def supervisor_candidates(membership: Membership) -> QuerySet[User]:
    """The team of the acting service, peer workers and co-ordinators anywhere, and anyone hosted by
    a third-sector organisation; each marked with whether she works in this service."""
    works_here = Q(service_id=membership.service_id, role__in=TEAM_ROLES)
    eligible = works_here | Q(role__in=PEER_ROLES) | Q(host_organisation__isnull=False)
    active = Membership.objects.filter(user=OuterRef("pk"), active=True)
    return (
        User.objects.filter(Exists(active.filter(eligible)))
        .annotate(works_here=Exists(active.filter(works_here)))
        .order_by("-works_here", "first_name", "last_name", "pk")
    )


def owner_candidates(supervision: Supervision) -> QuerySet[User]:
    """Who can own an action: her, her supervisors, or anyone on the team of the service."""
    in_team = Exists(
        Membership.objects.filter(
            user=OuterRef("pk"), service_id=supervision.service_id, role__in=TEAM_ROLES, active=True
        )
    )
    supervised = Exists(
        Supervision.supervisors.through.objects.filter(supervision_id=supervision.pk, user_id=OuterRef("pk"))
    )
    return User.objects.filter(in_team | supervised | Q(pk=supervision.peer_worker_id)).order_by(
        "first_name", "last_name", "pk"
    )
