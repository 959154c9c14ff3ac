"""Which supervision records each user may see (ADR 0002, ADR 0009). Views use only these.

A supervision is hers and her supervisors': nobody else sees it, whatever their role (her
co-ordinator, a manager and an administrator included, unless they supervised her in it).
Her reflection on it is hers alone. "Missing" and "not yours" both raise Http404.

Her employment profile, role description and time on other duties are hers, and seen by those
who manage the team (co-ordinators and service managers) of the service she works in. Her role
description is written by her or her co-ordinator, nobody else (recommendation 13).

The service's supervision guidance and its involvement log are the team's (Perm.VIEW_PEOPLE: its
staff, peer workers too); recorded by those who manage the team. In the log, whether a peer worker
chose her part, and the hours, are for those who manage the team and for her (ADR 0038).
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import User
from alongside.accounts.rules import (
    PEER_SUPPORTER_ROLES,
    PERSON_LEVEL_ROLES,
    SUPERVISOR_ROLES,
    Perm,
    has_perm,
)
from alongside.organisations.models import Membership, Role, Service
from alongside.workforce.models import (
    Action,
    Involvement,
    InvolvementPart,
    NonPeerDuty,
    Profile,
    Reflection,
    RoleDescription,
    SharedCoordinator,
    Supervision,
    SupervisionGuidance,
)


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


def own_supervisions_for_user(user: Any, membership: Membership | None) -> QuerySet[Supervision]:
    """Her own supervisions (a part of supervisions_for_user), read through the index on her."""
    user_id = _user_id(user)
    if membership is None or user_id is None:
        return Supervision.objects.none()
    return Supervision.objects.filter(peer_worker_id=user_id)


def supervisions_given_by_user(user: Any, membership: Membership | None) -> QuerySet[Supervision]:
    """Those she gave to others (the other part of supervisions_for_user), listed through the
    index on her as a supervisor. The OR with an EXISTS of supervisions_for_user, narrowed to
    "not hers", was read by scanning every user in the nation and all their supervisions."""
    user_id = _user_id(user)
    if membership is None or user_id is None:
        return Supervision.objects.none()
    given = Supervision.supervisors.through.objects.filter(user_id=user_id).values("supervision_id")
    return Supervision.objects.filter(pk__in=given).exclude(peer_worker_id=user_id)


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
    visible = Q(owner_id=user_id) | on_supervision_of(user_id)
    if has_perm(membership.role, Perm.MANAGE_TEAM):
        visible |= Q(supervision__service_id=membership.service_id)
    return Action.objects.filter(visible)


def on_supervision_of(user_id: int) -> Q:
    """Actions from a supervision she may see (as supervisions_for_user has it): her own and
    those she gave. Two lists, each read through an index on her; one list of all she may see (an
    OR with an EXISTS) was read by scanning every supervision there is, on every page with actions."""
    hers = Supervision.objects.filter(peer_worker_id=user_id).values("pk")
    given = Supervision.supervisors.through.objects.filter(user_id=user_id).values("supervision_id")
    return Q(supervision__in=hers) | Q(supervision__in=given)


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
    works_here = Q(service_id=membership.service_id, role__in=PERSON_LEVEL_ROLES)
    eligible = works_here | Q(role__in=PEER_SUPPORTER_ROLES) | Q(host_organisation__isnull=False)
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
            user=OuterRef("pk"), service_id=supervision.service_id, role__in=PERSON_LEVEL_ROLES, active=True
        )
    )
    supervised = Exists(
        Supervision.supervisors.through.objects.filter(supervision_id=supervision.pk, user_id=OuterRef("pk"))
    )
    return User.objects.filter(in_team | supervised | Q(pk=supervision.peer_worker_id)).order_by(
        "first_name", "last_name", "pk"
    )


# Employment and role (principle 4) ----------------------------------------------------------


def can_manage(membership: Membership | None) -> bool:
    return membership is not None and has_perm(membership.role, Perm.MANAGE_TEAM)


def own_role(membership: Membership | None) -> Membership | None:
    """The role she is acting in, when it is one with a profile; else None."""
    return membership if membership is not None and membership.role in PEER_SUPPORTER_ROLES else None


def team_members_for_user(membership: Membership | None) -> QuerySet[Membership]:
    """The peer workers and co-ordinators of the acting service, for those who manage its team."""
    if not can_manage(membership):
        return Membership.objects.none()
    assert membership is not None
    return Membership.objects.filter(
        service_id=membership.service_id, role__in=PEER_SUPPORTER_ROLES, active=True
    ).select_related("user", "service", "host_organisation")


def get_team_member_for_user(membership: Membership | None, pk: int) -> Membership:
    found = team_members_for_user(membership).filter(pk=pk).first()
    if found is None:
        raise Http404("No such member of the team")
    return found


def _is_hers(membership: Membership, subject: Membership) -> bool:
    return membership.user_id == subject.user_id


def is_her_coordinator(membership: Membership | None, subject: Membership) -> bool:
    """A co-ordinator of the service she works in, acting there."""
    return (
        membership is not None
        and membership.role == Role.COORDINATOR
        and membership.service_id == subject.service_id
        and not _is_hers(membership, subject)
    )


def can_write_for(membership: Membership | None, subject: Membership) -> bool:
    """Her role description and her time on other duties: she or her co-ordinator, nobody else
    (not a service manager, not an administrator)."""
    return membership is not None and (
        _is_hers(membership, subject) or is_her_coordinator(membership, subject)
    )


def can_edit_employment(membership: Membership | None, subject: Membership) -> bool:
    """Her contract, hours and band: those who manage the team of her service, but not for themselves."""
    return (
        can_manage(membership)
        and membership is not None
        and membership.service_id == subject.service_id
        and not _is_hers(membership, subject)
    )


def can_edit_caseload(membership: Membership | None, subject: Membership) -> bool:
    return membership is not None and (
        _is_hers(membership, subject)
        or (can_manage(membership) and membership.service_id == subject.service_id)
    )


def _sees_role_of(membership: Membership | None, subject: Membership) -> bool:
    return membership is not None and (
        _is_hers(membership, subject)
        or (can_manage(membership) and membership.service_id == subject.service_id)
    )


def role_descriptions_for_user(
    membership: Membership | None, subject: Membership
) -> QuerySet[RoleDescription]:
    """Every version of her role description: for her, and those who manage the team of her service."""
    if not _sees_role_of(membership, subject):
        return RoleDescription.objects.none()
    return RoleDescription.objects.filter(membership=subject).select_related("written_by")


def non_peer_duties_for_user(membership: Membership | None, subject: Membership) -> QuerySet[NonPeerDuty]:
    if not _sees_role_of(membership, subject):
        return NonPeerDuty.objects.none()
    return NonPeerDuty.objects.filter(membership=subject).select_related("logged_by")


def can_edit_supervision(user: Any, supervision: Supervision) -> bool:
    """Whoever recorded it, or a supervisor named on it."""
    user_id = _user_id(user)
    return user_id is not None and (
        supervision.recorded_by_id == user_id or any(s.pk == user_id for s in supervision.supervisors.all())
    )


def peer_worker_membership(supervision: Supervision) -> Membership | None:
    """Her role as a peer worker in the supervision's service (for her role drift there)."""
    return (
        Membership.objects.filter(
            user_id=supervision.peer_worker_id, service_id=supervision.service_id, role=Role.PEER_WORKER
        )
        .select_related("service")
        .first()
    )


def profile_for_user(membership: Membership | None, subject: Membership) -> Profile:
    """Her profile for her and those who manage her team; an unsaved empty one where none is saved."""
    if not _sees_role_of(membership, subject):
        raise Http404("No such profile")
    profile = Profile.for_membership(subject)
    profile.membership = subject
    return profile


# Co-ordinator cover, supervision guidance and involvement (ADR 0038) --------------------------


def on_team(membership: Membership | None) -> bool:
    """The service's staff (peer workers too), who read its guidance and its involvement log."""
    return membership is not None and has_perm(membership.role, Perm.VIEW_PEOPLE)


def shared_coordinators_for_user(membership: Membership | None) -> QuerySet[SharedCoordinator]:
    """The acting service's arrangements, newest first: for those who manage its team."""
    if not can_manage(membership):
        return SharedCoordinator.objects.none()
    assert membership is not None
    return SharedCoordinator.objects.filter(service_id=membership.service_id).select_related(
        "from_service", "recorded_by"
    )


def services_with_a_coordinator(membership: Membership) -> QuerySet[Service]:
    """Services another could share a co-ordinator with: those with an active one, not this one."""
    has_one = Membership.objects.filter(service=OuterRef("pk"), role=Role.COORDINATOR, active=True)
    return Service.objects.filter(Exists(has_one)).exclude(pk=membership.service_id).order_by("name")


def guidance_for_user(membership: Membership | None) -> QuerySet[SupervisionGuidance]:
    """Every version of the acting service's supervision guidance, newest agreed first."""
    if not on_team(membership):
        return SupervisionGuidance.objects.none()
    assert membership is not None
    return (
        SupervisionGuidance.objects.filter(service_id=membership.service_id)
        .select_related("recorded_by")
        .prefetch_related("co_produced_by")
        .order_by("-agreed_on", "-pk")
    )


def service_peer_workers(membership: Membership) -> QuerySet[Membership]:
    """The acting service's active peer workers, for the guidance and involvement forms."""
    return (
        Membership.objects.filter(service_id=membership.service_id, role=Role.PEER_WORKER, active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def peer_worker_users(membership: Membership) -> QuerySet[User]:
    """The same peer workers, as people, for choosing who co-produced the guidance."""
    return User.objects.filter(pk__in=service_peer_workers(membership).values("user_id")).order_by(
        "first_name", "last_name", "pk"
    )


def involvements_for_user(membership: Membership | None) -> QuerySet[Involvement]:
    """The acting service's involvement log, newest first."""
    if not on_team(membership):
        return Involvement.objects.none()
    assert membership is not None
    return Involvement.objects.filter(service_id=membership.service_id).order_by("-held_on", "-pk")


def involvement_parts_for_user(
    membership: Membership | None, involvement_ids: list[int]
) -> QuerySet[InvolvementPart]:
    """Who took part in these entries of the acting service's log: for the team. Whether each
    chose it is for sees_choice_of, not here: the names are the team's, the choice hers and her
    managers'."""
    if not on_team(membership):
        return InvolvementPart.objects.none()
    assert membership is not None
    return (
        InvolvementPart.objects.filter(
            involvement_id__in=involvement_ids, involvement__service_id=membership.service_id
        )
        .select_related("membership__user")
        .order_by("involvement", "pk")
    )


def sees_choice_of(membership: Membership | None, part: InvolvementPart) -> bool:
    """Whether she chose her part, and the hours: her, and those who manage the team."""
    return membership is not None and (
        can_manage(membership) or part.membership.user_id == membership.user_id
    )
