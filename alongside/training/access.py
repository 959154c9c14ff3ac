"""Which training records each user may see (ADR 0002). Views use only these.

Her training records are hers, and are seen by those who manage the team (co-ordinators and
service managers, Perm.MANAGE_TEAM) of a service she works in: they organise the training.
Nobody else sees them, whatever their role.

Her development record (recommendations 6 and 14) is hers alone: only she reads or changes an
entry. Not her co-ordinator, not a manager, not an administrator; it is counted only in aggregate
(metrics.development_share). "Missing" and "not yours" both raise Http404.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import User
from alongside.accounts.rules import PERSON_LEVEL_ROLES, Perm, has_perm
from alongside.accounts.scope import colleagues_for_user
from alongside.organisations.models import Membership
from alongside.training.models import DevelopmentEntry, Module, TrainingRecord


def _user_id(user: Any) -> int | None:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def can_manage(membership: Membership | None) -> bool:
    return membership is not None and has_perm(membership.role, Perm.MANAGE_TEAM)


def _in_team_of(service_id: int) -> Exists:
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef("user_id"), service_id=service_id, role__in=PERSON_LEVEL_ROLES, active=True
        )
    )


def training_records_for_user(user: Any, membership: Membership | None) -> QuerySet[TrainingRecord]:
    """Her own records; and, for those who manage the team, the records of everyone on it."""
    user_id = _user_id(user)
    if membership is None or user_id is None:
        return TrainingRecord.objects.none()
    if not can_manage(membership):
        return TrainingRecord.objects.filter(user_id=user_id)
    return TrainingRecord.objects.filter(Q(user_id=user_id) | Q(_in_team_of(membership.service_id)))


def active_modules(*, for_staff: bool | None = None) -> QuerySet[Module]:
    """The curriculum is not person-level: anyone may read it."""
    modules = Module.objects.filter(active=True)
    return modules if for_staff is None else modules.filter(for_staff=for_staff)


def curriculum() -> QuerySet[Module]:
    """Every module, in use or retired, for the page where the curriculum is edited."""
    return Module.objects.order_by("-active", "for_staff", "position", "pk")


def get_module(pk: int) -> Module:
    found = Module.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such module")
    return found


def team_for_user(membership: Membership, roles: tuple[str, ...] = PERSON_LEVEL_ROLES) -> QuerySet[User]:
    """The team of the acting service (names only), for the forms of those who manage it."""
    if not can_manage(membership):
        return User.objects.none()
    return colleagues_for_user(membership, roles)


def development_for_user(user: Any) -> QuerySet[DevelopmentEntry]:
    """Her own development entries, newest first; nobody else's, whoever asks."""
    user_id = _user_id(user)
    if user_id is None:
        return DevelopmentEntry.objects.none()
    return DevelopmentEntry.objects.filter(user_id=user_id).order_by("-happened_on", "-pk")


def get_development_entry_for_user(user: Any, pk: int) -> DevelopmentEntry:
    found = development_for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such entry")
    return found
